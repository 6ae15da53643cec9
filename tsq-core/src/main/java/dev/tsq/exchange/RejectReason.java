package dev.tsq.exchange;

/** Why a server did not answer a request with the time. */
public enum RejectReason {
    /** The request broke a rule of the draft (the detail names which). */
    MALFORMED,
    /** The request exceeded the server's request size limit. */
    TOO_LARGE,
    /** A signature was requested but the server has no signing key. */
    SIGNATURE_UNAVAILABLE,
    /** The source address exceeded the server's rate limit (counted by the transport). */
    RATE_LIMITED,
    /** The response did not fit the transport's buffer (e.g. a datagram larger than the path allows). */
    RESPONSE_TOO_LARGE
}
