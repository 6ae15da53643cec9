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
 * @param refusedConnections connection attempts refused by {@link ServerLimit#MAX_CONNECTIONS} or
 *                           {@link ServerLimit#CONNECTIONS_PER_SOURCE}
 * @param halfOpenConnections connections open now whose handshake has not completed
 * @param retriesSent        Retry packets sent for address validation (refusals not counted)
 * @param limitRefusals      how often each limit fired (every limit present), so an operator can see which one
 *                           sheds load: see {@link ServerLimit} for what each count means
 */
public record ServerCounters(long streamQueries, long datagramQueries, Map<RejectReason, Long> rejections,
                             long activeConnections, long totalConnections, long refusedConnections,
                             long halfOpenConnections, long retriesSent, Map<ServerLimit, Long> limitRefusals) {
    /**
     * A snapshot; the maps are copied.
     *
     * @param streamQueries      requests answered with the time over streams
     * @param datagramQueries    requests answered with the time over datagrams
     * @param rejections         requests not answered with the time, by reason (every reason present). Stream
     *                           requests got an Error TLV, datagram requests were dropped. {@code RESPONSE_TOO_LARGE}
     *                           also counts datagram answers larger than the client accepts (not sent).
     * @param activeConnections  QUIC connections open now (including those still in their handshake)
     * @param totalConnections   QUIC connections accepted since start
     * @param refusedConnections connection attempts refused by {@link ServerLimit#MAX_CONNECTIONS} or
     *                           {@link ServerLimit#CONNECTIONS_PER_SOURCE}
     * @param halfOpenConnections connections open now whose handshake has not completed
     * @param retriesSent        Retry packets sent for address validation (refusals not counted)
     * @param limitRefusals      how often each limit fired (every limit present), so an operator can see which one
     *                           sheds load: see {@link ServerLimit} for what each count means
     * @throws NullPointerException when {@code rejections} is null
     */
    public ServerCounters {
        rejections = Map.copyOf(rejections);
        limitRefusals = Map.copyOf(limitRefusals);
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

    /** How often one limit fired. */
    public long refused(ServerLimit limit) {
        return limitRefusals.getOrDefault(limit, 0L);
    }
}
