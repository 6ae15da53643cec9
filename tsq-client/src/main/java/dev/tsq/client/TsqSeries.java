package dev.tsq.client;

import dev.tsq.TsqException;
import dev.tsq.exchange.TransportMode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of several back-to-back queries to one server: every sample that succeeded, every failure, in
 * the order they happened.
 *
 * @param server         the server ({@code host:port})
 * @param attempted      queries attempted
 * @param samples        successful samples
 * @param failures       the exception of each query that failed
 * @param failureDetails each failure as a value, in the same order as {@code failures}: its kind, the transport
 *                       it used and the connection it ran on
 */
public record TsqSeries(String server, int attempted, List<TsqSample> samples, List<TsqException> failures,
                        List<TsqFailure> failureDetails) {
    /**
     * A series; the lists are copied.
     *
     * @param server    the server ({@code host:port})
     * @param attempted queries attempted
     * @param samples   successful samples
     * @param failures  the exception of each query that failed
     * @param failureDetails each failure as a value (kind, mode, connection), in the order of {@code failures}
     */
    public TsqSeries {
        samples = List.copyOf(samples);
        failures = List.copyOf(failures);
        failureDetails = List.copyOf(failureDetails);
        if (failureDetails.size() != failures.size()) {
            throw new IllegalArgumentException("failureDetails: " + failureDetails.size() + " (expected: one per"
                    + " failure, " + failures.size() + ")");
        }
        for (int i = 0; i < failures.size(); i++) {
            if (failureDetails.get(i).exception() != failures.get(i)) {
                throw new IllegalArgumentException("failureDetails[" + i + "]: another exception than failures[" + i
                        + "] (expected: the same, in the same order)");
            }
        }
    }

    /** A series whose failures are known only as exceptions (no connection, no transport). */
    public TsqSeries(String server, int attempted, List<TsqSample> samples, List<TsqException> failures) {
        this(server, attempted, samples, failures, details(server, failures));
    }

    /** A series from its samples and failure values. */
    public static TsqSeries of(String server, int attempted, List<TsqSample> samples, List<TsqFailure> failures) {
        List<TsqException> exceptions = new ArrayList<>(failures.size());
        for (TsqFailure f : failures) {
            exceptions.add(f.exception());
        }
        return new TsqSeries(server, attempted, samples, exceptions, failures);
    }

    private static List<TsqFailure> details(String server, List<TsqException> failures) {
        List<TsqFailure> out = new ArrayList<>(failures.size());
        for (TsqException e : failures) {
            out.add(TsqFailure.of(server, e));
        }
        return out;
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

    /**
     * The negotiated ALPN: the first sample's, else that of the first failure that ran on an established
     * connection; null when no handshake succeeded.
     */
    public String alpn() {
        if (!samples.isEmpty()) {
            return samples.get(0).alpn();
        }
        for (TsqFailure f : failureDetails) {
            if (f.alpn() != null) {
                return f.alpn();
            }
        }
        return null;
    }

    /** The transport used: the first sample's, else the first failed query's that sent anything; or null. */
    public TransportMode mode() {
        if (!samples.isEmpty()) {
            return samples.get(0).mode();
        }
        for (TsqFailure f : failureDetails) {
            if (f.mode() != null) {
                return f.mode();
            }
        }
        return null;
    }
}
