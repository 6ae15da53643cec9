package dev.tsq.client;

import dev.tsq.TsqException;
import dev.tsq.sync.ServerEstimate;
import dev.tsq.sync.ServerRejection;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one server contributed to a sync.
 *
 * @param server    {@code host:port}
 * @param samples   the samples it answered, in order
 * @param failures  the queries that failed, with why
 * @param estimate  its filtered estimate, or null when it gave no usable sample
 * @param rejection why the combiner left it out (falseticker, no majority, no samples), or null when it agreed
 */
public record ServerReport(String server, List<TsqSample> samples, List<TsqException> failures,
                           @Nullable ServerEstimate estimate, @Nullable ServerRejection rejection) {
    /**
     * A server's report; the lists are copied.
     *
     * @param server    {@code host:port}
     * @param samples   the samples it answered, in order
     * @param failures  the queries that failed, with why
     * @param estimate  its filtered estimate, or null when it gave no usable sample
     * @param rejection why the combiner left it out (falseticker, no majority, no samples), or null when it agreed
     */
    public ServerReport {
        samples = List.copyOf(samples);
        failures = List.copyOf(failures);
    }

    /**
     * True when the server's estimate is part of the chosen offset.
     *
     * @return true when it agreed with the majority
     */
    public boolean agreed() {
        return estimate != null && rejection == null;
    }
}
