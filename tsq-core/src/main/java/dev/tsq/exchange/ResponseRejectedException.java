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

    /** What was wrong. */
    private final Reason reason;

    /**
     * A rejected response.
     *
     * @param reason  what was wrong
     * @param message the details, with the numbers
     */
    public ResponseRejectedException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    /**
     * A rejected response, with the failure that revealed it.
     *
     * @param reason  what was wrong
     * @param message the details
     * @param cause   e.g. the {@link dev.tsq.wire.WireFormatException} of a malformed response
     */
    public ResponseRejectedException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    /**
     * What was wrong with the response.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
