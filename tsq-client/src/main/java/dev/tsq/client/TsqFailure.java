package dev.tsq.client;

import dev.tsq.TsqException;
import dev.tsq.engine.FailureKind;
import dev.tsq.exchange.TransportMode;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One query that produced no sample, as a value: what failed, how, and on which connection.
 *
 * @param server        the server as configured ({@code host:port})
 * @param remoteAddress the address it resolved to; null when it did not resolve
 * @param kind          the class of failure (timeout, unreachable, rate-limited, rejected, server error)
 * @param mode          the transport of the query's last attempt; null when nothing was sent (e.g. the
 *                      handshake failed)
 * @param connection    the established connection the query ran on; null when there was none (the handshake
 *                      failed, or the server was unreachable)
 * @param exception     the failure as the blocking API throws it ({@link QueryTimeoutException},
 *                      {@link HandshakeException}, {@link dev.tsq.exchange.ServerErrorException}, ...)
 */
public record TsqFailure(String server, InetSocketAddress remoteAddress, FailureKind kind, TransportMode mode,
                         ConnectionInfo connection, TsqException exception) {
    public TsqFailure {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(exception, "exception");
    }

    /** The negotiated ALPN of the connection the query ran on, or null when no connection was established. */
    public String alpn() {
        return connection == null ? null : connection.alpn();
    }

    /** The exception's message. */
    public String message() {
        return exception.getMessage();
    }

    /** A failure known only by its exception (no connection, nothing sent); the kind is inferred from its type. */
    public static TsqFailure of(String server, TsqException exception) {
        return new TsqFailure(server, null, kindOf(exception), null, null, exception);
    }

    /** The kind of failure an exception of the client's API stands for. */
    public static FailureKind kindOf(TsqException e) {
        if (e instanceof QueryTimeoutException) {
            return FailureKind.TIMEOUT;
        }
        if (e instanceof dev.tsq.exchange.ServerErrorException se) {
            return se.code() == dev.tsq.wire.ErrorTlv.RATE_LIMITED ? FailureKind.RATE_LIMITED : FailureKind.SERVER_ERROR;
        }
        if (e instanceof dev.tsq.exchange.ResponseRejectedException
                || e instanceof dev.tsq.exchange.AnomalousSampleException) {
            return FailureKind.REJECTED;
        }
        return FailureKind.UNREACHABLE;
    }
}
