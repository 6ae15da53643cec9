package dev.tsq.server;

import dev.tsq.exchange.RejectReason;
import java.util.Map;

/**
 * A snapshot of a server's counters since it started.
 *
 * @param streamQueries      requests answered with the time over streams
 * @param datagramQueries    requests answered with the time over datagrams
 * @param rejections         requests not answered with the time, by reason (every reason present). Stream
 *                           requests got an Error TLV, datagram requests were dropped. {@code RESPONSE_TOO_LARGE}
 *                           also counts datagram answers larger than the client accepts (not sent).
 * @param activeConnections  QUIC connections open now (including those still in their handshake)
 * @param totalConnections   QUIC connections accepted since start
 * @param refusedConnections connections closed at once because the connection limit was reached
 */
public record ServerCounters(long streamQueries, long datagramQueries, Map<RejectReason, Long> rejections,
                             long activeConnections, long totalConnections, long refusedConnections) {
    /**
     * A snapshot; the map is copied.
     *
     * @param streamQueries      requests answered with the time over streams
     * @param datagramQueries    requests answered with the time over datagrams
     * @param rejections         requests not answered with the time, by reason (every reason present). Stream
     *                           requests got an Error TLV, datagram requests were dropped. {@code RESPONSE_TOO_LARGE}
     *                           also counts datagram answers larger than the client accepts (not sent).
     * @param activeConnections  QUIC connections open now (including those still in their handshake)
     * @param totalConnections   QUIC connections accepted since start
     * @param refusedConnections connections closed at once because the connection limit was reached
     * @throws NullPointerException when {@code rejections} is null
     */
    public ServerCounters {
        rejections = Map.copyOf(rejections);
    }

    /**
     * Answered queries in both modes.
     *
     * @return stream and datagram answers
     */
    public long queries() {
        return streamQueries + datagramQueries;
    }

    /**
     * Rejections for one reason.
     *
     * @param reason the reason
     * @return the count, 0 when none
     */
    public long rejected(RejectReason reason) {
        return rejections.getOrDefault(reason, 0L);
    }
}
