package dev.tsq.server;

/**
 * The limits a {@link TsqServer} enforces, as reported in {@link ServerCounters#limitRefusals()} and to
 * {@link ServerEventListener#connectionRefused}. Each is a {@link TsqServer.Builder} setting and a
 * {@code tsq serve} flag.
 */
public enum ServerLimit {
    /** A new connection beyond {@link TsqServer.Builder#maxConnections}: refused before any TLS work. */
    MAX_CONNECTIONS,
    /** A new connection beyond {@link TsqServer.Builder#maxConnectionsPerSource} from one IPv4 address or IPv6 /64. */
    CONNECTIONS_PER_SOURCE,
    /** A connection not established within {@link TsqServer.Builder#handshakeTimeout}: freed. */
    HANDSHAKE_TIMEOUT,
    /** An Initial with a Retry token that is forged, expired or for another address: dropped. */
    INVALID_RETRY_TOKEN,
    /** A stream whose request was not complete within {@link TsqServer.Builder#streamTimeout}: Error TLV and closed. */
    STREAM_TIMEOUT,
    /** A connection that carried no query for {@link TsqServer.Builder#queryIdleTimeout}: closed. */
    QUERY_IDLE,
    /** A request over its source's {@link TsqServer.Builder#rateLimit} budget (signed ones cost more). */
    RATE_LIMIT
}
