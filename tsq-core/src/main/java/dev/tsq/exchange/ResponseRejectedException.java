package dev.tsq.exchange;

import dev.tsq.TsqException;

/** A response was discarded because it failed validation (draft 6.6: the exchange is invalid). */
public class ResponseRejectedException extends TsqException {
    private static final long serialVersionUID = 1L;

    /** What was wrong with the response. */
    public enum Reason {
        /** The bytes broke a rule of the draft. */
        MALFORMED,
        /** The echoed nonce is not the request's. */
        NONCE_MISMATCH,
        /** A signature was required but the response has none, or one from an untrusted key. */
        UNAUTHENTICATED,
        /** The Signature Block does not verify: the response was altered or signed with another key. */
        BAD_SIGNATURE,
        /** Precision Mode was acknowledged but the response is not the request's size. */
        PRECISION_SIZE_MISMATCH,
        /** Precision Mode was required but the server did not acknowledge it. */
        PRECISION_NOT_ACKNOWLEDGED
    }

    private final Reason reason;

    public ResponseRejectedException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public ResponseRejectedException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
