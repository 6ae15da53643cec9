package dev.tsq.server;

import java.util.Map;

/**
 * A snapshot of a server's counters since it started.
 *
 * @param streamQueries      requests answered with the time over streams
 * @param datagramQueries    requests answered with the time over datagrams
 * @param rejections         requests not answered with the time, by reason (every reason present, zero or more)
 * @param activeConnections  QUIC connections open now (including those still in their handshake)
 * @param totalConnections   QUIC connections accepted since start
 * @param refusedConnections connections closed at once because the connection limit was reached
 */
public record ServerCounters(long streamQueries, long datagramQueries, Map<String, Long> rejections,
                             long activeConnections, long totalConnections, long refusedConnections) {
    public ServerCounters {
        rejections = Map.copyOf(rejections);
    }

    /** Answered queries in both modes. */
    public long queries() {
        return streamQueries + datagramQueries;
    }

    /** Rejections for one reason (0 when none). */
    public long rejected(String reason) {
        return rejections.getOrDefault(reason, 0L);
    }
}
