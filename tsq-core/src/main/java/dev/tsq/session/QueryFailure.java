package dev.tsq.session;

import dev.tsq.TsqException;
import dev.tsq.engine.FailureKind;
import java.util.Objects;

/**
 * Why a query produced no sample: a value, not an exception.
 *
 * @param kind      the class of failure an engine acts on (back off, count as unreachable, ...)
 * @param reason    the precise cause
 * @param detail    a sentence for people (names the server)
 * @param exception the validation error that caused it when there is one (e.g. a
 *                  {@link dev.tsq.exchange.ServerErrorException} carrying the server's Error TLV, or a handshake
 *                  failure a driver classified), so that a blocking API can rethrow it unchanged; null otherwise
 */
public record QueryFailure(FailureKind kind, Reason reason, String detail, TsqException exception) {
    /** The precise cause of a failure. */
    public enum Reason {
        /** No valid answer before the query's deadline. */
        TIMEOUT,
        /** Datagram mode, but the server does not accept datagrams, or not one as large as the request. */
        DATAGRAMS_UNSUPPORTED,
        /** The connection could not be established (the driver's exception says why). */
        CONNECT_FAILED,
        /** The connection closed while the query was in flight. */
        CONNECTION_LOST,
        /** The query's stream could not be opened or failed. */
        STREAM_FAILED,
        /** The server answered with an Error TLV. */
        SERVER_ERROR,
        /** The answer failed validation (malformed, wrong nonce on a stream, signature, Precision Mode). */
        REJECTED,
        /** The answer was valid but its timestamps are anomalous. */
        ANOMALOUS,
        /** The session was closed. */
        CLOSED
    }

    public QueryFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** A failure without an exception. */
    public static QueryFailure of(FailureKind kind, Reason reason, String detail) {
        return new QueryFailure(kind, reason, detail, null);
    }
}
