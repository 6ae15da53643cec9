package dev.tsq.client;

import dev.tsq.TsqException;
import org.jspecify.annotations.Nullable;

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

    /** Why the handshake failed. */
    private final Kind kind;
    /** The server, as {@code host:port}. */
    private final String server;

    /**
     * A failed handshake.
     *
     * @param server  the server, as {@code host:port}
     * @param kind    why it failed
     * @param message the details (e.g. the certificate problem)
     * @param cause   the TLS or QUIC failure, or null
     */
    public HandshakeException(String server, Kind kind, String message, @Nullable Throwable cause) {
        super("handshake with " + server + " failed (" + kind.name().toLowerCase() + "): " + message, cause);
        this.kind = kind;
        this.server = server;
    }

    /**
     * Why the handshake failed.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The server, as {@code host:port}.
     *
     * @return the server
     */
    public String server() {
        return server;
    }
}
