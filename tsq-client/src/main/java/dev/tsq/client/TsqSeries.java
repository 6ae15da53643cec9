package dev.tsq.client;

import dev.tsq.TsqException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of several back-to-back queries to one server: every sample that succeeded, every failure, in
 * the order they happened.
 *
 * @param server    the server ({@code host:port})
 * @param attempted queries attempted
 * @param samples   successful samples
 * @param failures  the exception of each query that failed
 */
public record TsqSeries(String server, int attempted, List<TsqSample> samples, List<TsqException> failures) {
    /**
     * A series; the lists are copied.
     *
     * @param server    the server ({@code host:port})
     * @param attempted queries attempted
     * @param samples   successful samples
     * @param failures  the exception of each query that failed
     */
    public TsqSeries {
        samples = List.copyOf(samples);
        failures = List.copyOf(failures);
    }

    /**
     * True when at least one query succeeded.
     *
     * @return true when some query succeeded
     */
    public boolean ok() {
        return !samples.isEmpty();
    }

    /**
     * The first failure, if all failed (null when some succeeded or nothing was attempted).
     *
     * @return the first failure, or null
     */
    public @Nullable TsqException firstFailure() {
        return failures.isEmpty() ? null : failures.get(0);
    }
}
