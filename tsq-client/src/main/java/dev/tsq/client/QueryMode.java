package dev.tsq.client;

/** Which QUIC transport a client uses for its queries. */
public enum QueryMode {
    /** QUIC DATAGRAM frames only; fails where the server does not support them. */
    DATAGRAM,
    /** One bidirectional QUIC stream per query. */
    STREAM,
    /**
     * Datagrams when the server supports them (per-query timeout and retry), falling back to a stream when
     * datagrams are unsupported or keep getting lost.
     */
    AUTO
}
