package dev.tsq.engine;

/** Why a poll produced no sample; a value, never an exception. */
public enum FailureKind {
    /** No answer within the deadline (lost, or the server is down). */
    TIMEOUT,
    /** The connection could not be established (refused, handshake failed, unreachable). */
    UNREACHABLE,
    /** The server answered with a rate-limit error (back off harder). */
    RATE_LIMITED,
    /** An answer that failed validation: bad signature, unsigned where signing is required, wrong nonce. */
    REJECTED,
    /** The server answered with an Error TLV other than rate limiting. */
    SERVER_ERROR
}
