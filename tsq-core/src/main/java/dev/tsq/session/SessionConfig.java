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
 * @param silenceLimit       queries in a row that time out with nothing at all heard from the server on the
 *                           connection before the session drops it ({@link SessionAction.Disconnect}) and the next
 *                           query connects anew, 1-1000: a server that restarted has forgotten the connection and
 *                           may never say so, and waiting for the QUIC idle timeout would leave it unqueried for
 *                           that long
 */
public record SessionConfig(SessionMode mode, long timeoutNanos, int datagramAttempts, long datagramRetryNanos,
                            int lossLimit, int silenceLimit) {
    /** Default {@link #lossLimit()}. */
    public static final int DEFAULT_LOSS_LIMIT = 3;
    /** Default {@link #silenceLimit()}. */
    public static final int DEFAULT_SILENCE_LIMIT = 3;

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
        if (silenceLimit < 1 || silenceLimit > 1000) {
            throw new IllegalArgumentException("silenceLimit: " + silenceLimit + " (expected: 1-1000)");
        }
    }

    /** A configuration with the default {@link #silenceLimit()}. */
    public SessionConfig(SessionMode mode, long timeoutNanos, int datagramAttempts, long datagramRetryNanos,
                         int lossLimit) {
        this(mode, timeoutNanos, datagramAttempts, datagramRetryNanos, lossLimit, DEFAULT_SILENCE_LIMIT);
    }

    /**
     * The client's defaults: 3 s per query, 3 datagrams 500 ms apart, demotion after 3 lost queries, a new
     * connection after 3 unanswered ones.
     */
    public static SessionConfig defaults(SessionMode mode) {
        return new SessionConfig(mode, 3_000_000_000L, 3, 500_000_000L, DEFAULT_LOSS_LIMIT);
    }
}
