package dev.tsq.exchange;

/** How a message travels: on a QUIC stream (reliable) or in one QUIC DATAGRAM frame (unreliable). */
public enum TransportMode {
    STREAM,
    DATAGRAM;

    /** Lower-case name as used in CLI flags and JSON ({@code "stream"}, {@code "datagram"}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
