package dev.tsq.session;

import java.util.Objects;

/**
 * How one session runs its queries.
 *
 * @param mode               the transport policy
 * @param timeoutNanos       deadline of one query from its dispatch (datagram retries and stream fallback included)
 * @param datagramAttempts   datagrams sent at most per query (each a new request with a new nonce), 1-100
 * @param datagramRetryNanos time between two datagram attempts of a query; in DATAGRAM mode a query whose last
 *                           attempt went unanswered for this long fails (before its deadline if attempts run out)
 * @param lossLimit          AUTO mode: queries in a row that lose every datagram before the session demotes
 *                           itself to streams, 1-1000
 */
public record SessionConfig(SessionMode mode, long timeoutNanos, int datagramAttempts, long datagramRetryNanos,
                            int lossLimit) {
    /** Default {@link #lossLimit()}. */
    public static final int DEFAULT_LOSS_LIMIT = 3;

    public SessionConfig {
        Objects.requireNonNull(mode, "mode");
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("timeoutNanos: " + timeoutNanos + " (expected: > 0)");
        }
        if (datagramAttempts < 1 || datagramAttempts > 100) {
            throw new IllegalArgumentException("datagramAttempts: " + datagramAttempts + " (expected: 1-100)");
        }
        if (datagramRetryNanos <= 0) {
            throw new IllegalArgumentException("datagramRetryNanos: " + datagramRetryNanos + " (expected: > 0)");
        }
        if (lossLimit < 1 || lossLimit > 1000) {
            throw new IllegalArgumentException("lossLimit: " + lossLimit + " (expected: 1-1000)");
        }
    }

    /** The client's defaults: 3 s per query, 3 datagrams 500 ms apart, demotion after 3 lost queries. */
    public static SessionConfig defaults(SessionMode mode) {
        return new SessionConfig(mode, 3_000_000_000L, 3, 500_000_000L, DEFAULT_LOSS_LIMIT);
    }
}
