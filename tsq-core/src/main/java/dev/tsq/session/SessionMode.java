package dev.tsq.session;

/** Which QUIC transport a session's queries use. */
public enum SessionMode {
    /** QUIC DATAGRAM frames only; a query fails where the server does not accept them. */
    DATAGRAM,
    /** One bidirectional QUIC stream per query. */
    STREAM,
    /**
     * Datagrams when the server accepts them, with retries; when they are all lost, the query falls back to a
     * stream, and after {@link SessionConfig#lossLimit()} such queries in a row the session uses streams only.
     */
    AUTO
}
