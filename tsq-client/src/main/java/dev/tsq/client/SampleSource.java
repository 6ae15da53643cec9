package dev.tsq.client;

import java.util.concurrent.CompletableFuture;

/**
 * Where the {@link Synchronizer} gets its samples: {@code count} back-to-back queries to one server. A
 * {@link TsqClient} is one ({@code client::queryAsync}); tests and simulations pass their own.
 */
@FunctionalInterface
public interface SampleSource {
    /**
     * Queries {@code server} {@code count} times back to back. The future must not complete exceptionally.
     *
     * @param server the server, {@code host[:port]}
     * @param count  how many queries
     * @return the series, failures included
     */
    CompletableFuture<TsqSeries> sample(String server, int count);
}
