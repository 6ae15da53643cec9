package dev.tsq.client;

import dev.tsq.TsqException;

/** The QUIC/TLS handshake with a server failed; {@link #kind()} says why. */
public class HandshakeException extends TsqException {
    private static final long serialVersionUID = 1L;

    /** Why a handshake failed. */
    public enum Kind {
        /** The server's certificate is not trusted (unknown CA, expired, wrong pin...). */
        CERTIFICATE,
        /** The certificate is trusted but not issued for the host name or address we connected to. */
        HOSTNAME,
        /** The server accepts none of the ALPN identifiers we offered. */
        ALPN,
        /** Some other TLS or QUIC failure during the handshake. */
        OTHER
    }

    private final Kind kind;
    private final String server;

    public HandshakeException(String server, Kind kind, String message, Throwable cause) {
        super("handshake with " + server + " failed (" + kind.name().toLowerCase() + "): " + message, cause);
        this.kind = kind;
        this.server = server;
    }

    public Kind kind() {
        return kind;
    }

    /** The server, as {@code host:port}. */
    public String server() {
        return server;
    }
}
