package dev.tsq.client;

import java.net.InetSocketAddress;

/**
 * An established connection to a server.
 *
 * <h2>Resumption</h2>
 * A client keeps the TLS session tickets its servers send, in memory, keyed by {@code host:port}, for as long
 * as the client lives (each ticket is used once, and only within the lifetime the server gave it); a later
 * connection to the same server offers the newest one and, when the server accepts it, skips the certificate
 * exchange: {@link #resumed()} is then {@code true}. A resumed connection inherits the authentication of the
 * full handshake that issued its ticket: only a holder of that server's ticket key can accept the ticket, and
 * the client's trust settings (CAs, host name check, pins) cannot have changed since, because they are fixed
 * when the client is built. {@code TsqServer} makes a new random ticket key at every start, so a restarted
 * server rejects old tickets and gets a full handshake, checked against the client's trust settings as every
 * first connection is. Early data (0-RTT) is never sent; see {@link TsqClient}.
 *
 * @param server             the server as configured ({@code host:port})
 * @param remoteAddress      the address it resolved to
 * @param alpn               the negotiated ALPN identifier ({@code tsq} or {@code tsq/1})
 * @param datagramsSupported whether the server accepts QUIC datagrams
 * @param handshakeNanos     time from sending the first packet to the established connection
 * @param resumed            whether the TLS handshake resumed an earlier session of this client (a ticket) instead
 *                           of verifying the server's certificate: {@code true} exactly when the handshake
 *                           completed without the client's trust manager being asked about a certificate, which
 *                           BoringSSL asks on every full handshake and skips only on resumption
 */
public record ConnectionInfo(String server, InetSocketAddress remoteAddress, String alpn, boolean datagramsSupported,
                             long handshakeNanos, boolean resumed) {
}
