package dev.tsq.exchange;

/** How a message travels: on a QUIC stream (reliable) or in one QUIC DATAGRAM frame (unreliable). */
public enum TransportMode {
    /** A bidirectional QUIC stream: reliable; malformed requests get an Error response. */
    STREAM,
    /** One QUIC DATAGRAM frame (RFC 9221): unreliable; malformed requests are dropped silently. */
    DATAGRAM;

    /**
     * Lower-case name as used in CLI flags and JSON ({@code "stream"}, {@code "datagram"}).
     *
     * @return the lower-case name
     */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
