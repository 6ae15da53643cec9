package dev.tsq.client;

import java.net.InetSocketAddress;

/**
 * An established connection to a server.
 *
 * @param server             the server as configured ({@code host:port})
 * @param remoteAddress      the address it resolved to
 * @param alpn               the negotiated ALPN identifier ({@code tsq} or {@code tsq/1})
 * @param datagramsSupported whether the server accepts QUIC datagrams
 * @param handshakeNanos     time from sending the first packet to the established connection
 */
public record ConnectionInfo(String server, InetSocketAddress remoteAddress, String alpn, boolean datagramsSupported,
                             long handshakeNanos) {
}
