package dev.tsq.client.internal;

import dev.tsq.TsqException;
import dev.tsq.client.HandshakeException;
import dev.tsq.client.UnreachableException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.quic.QuicClosedChannelException;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.List;

/**
 * Why a QUIC handshake failed, from what Netty reports (a cause, a close event, or what the trust manager
 * refused), as the client's exception: {@link HandshakeException} with its kind, or {@link UnreachableException}.
 */
final class ConnectFailures {
    /** TLS alert no_application_protocol (RFC 7301). */
    private static final int ALERT_NO_APPLICATION_PROTOCOL = 120;

    private ConnectFailures() {
    }

    static TsqException classify(String name, InetSocketAddress remote, List<String> alpns, long connectTimeoutMillis,
                                 HandshakeException.Kind refusalKind, CertificateException refusal, Throwable cause,
                                 QuicConnectionCloseEvent event) {
        if (refusalKind != null) {
            return new HandshakeException(name, refusalKind, refusal.getMessage(), refusal);
        }
        if (cause instanceof QuicClosedChannelException closed && event == null) {
            event = closed.event();
        }
        if (event != null && event.isTlsError()) {
            int alert = QuicConnectionCloseEvent.extractTlsError(event.error());
            if (alert == ALERT_NO_APPLICATION_PROTOCOL) {
                return new HandshakeException(name, HandshakeException.Kind.ALPN, "the server accepts none of"
                        + " the ALPN identifiers we offered " + alpns, cause);
            }
            return new HandshakeException(name, alert == 42 || alert == 43 || alert == 44 || alert == 45
                    || alert == 46 || alert == 48 ? HandshakeException.Kind.CERTIFICATE
                    : HandshakeException.Kind.OTHER, "TLS alert " + alert + reason(event), cause);
        }
        if (event != null) {
            return new UnreachableException(name + " closed the connection during the handshake (error "
                    + event.error() + reason(event) + ")", cause);
        }
        if (cause instanceof ConnectTimeoutException) {
            return new UnreachableException("no handshake answer from " + name + " (" + remote + ") within "
                    + connectTimeoutMillis + " ms", cause);
        }
        if (cause instanceof javax.net.ssl.SSLException || cause instanceof io.netty.handler.codec.quic.QuicException) {
            return new HandshakeException(name, HandshakeException.Kind.OTHER, String.valueOf(cause.getMessage()),
                    cause);
        }
        return new UnreachableException("cannot connect to " + name + " (" + remote + "): " + cause, cause);
    }

    /** {@code ": reason"} of a close event, or empty. */
    static String reason(QuicConnectionCloseEvent e) {
        byte[] r = e.reason();
        return r == null || r.length == 0 ? "" : ": " + new String(r, StandardCharsets.UTF_8);
    }
}
