package dev.tsq.client;

import java.util.concurrent.CompletableFuture;

/**
 * Where the {@link Synchronizer} gets its samples: {@code count} back-to-back queries to one server. A
 * {@link TsqClient} is one ({@code client::queryAsync}); tests and simulations pass their own. The synchronizer
 * asks for one query at a time ({@code count} 1) and asks again when it completes, so that a deadline keeps what
 * arrived in time; {@code server} is the entry as configured.
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
