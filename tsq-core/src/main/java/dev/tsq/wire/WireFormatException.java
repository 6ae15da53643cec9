package dev.tsq.wire;

import dev.tsq.TsqException;

/**
 * A message broke a rule of the draft. {@link #reason()} names the rule; the message adds where.
 * Decoding arbitrary bytes throws this and nothing else. Created without a stack trace: malformed
 * input from the network is expected, counted and dropped, not debugged.
 */
public final class WireFormatException extends TsqException {
    private static final long serialVersionUID = 1L;

    /** The rule that was broken. */
    public enum Reason {
        EMPTY_MESSAGE("message is empty"),
        TRUNCATED_HEADER("a TLV header is cut off at the end of the message"),
        TLV_OVERRUN("a TLV's length runs past the end of the message"),
        NONCE_MISSING("the Nonce TLV (1) is missing"),
        NONCE_NOT_FIRST("the Nonce TLV (1) must be the first TLV"),
        NONCE_LENGTH("the Nonce TLV (1) must be exactly 16 bytes"),
        TIMESTAMP_LENGTH("a timestamp TLV (2, 3) must be exactly 8 bytes"),
        RECEIVE_TIMESTAMP_MISSING("the Receive Timestamp TLV (2) is missing"),
        SEND_TIMESTAMP_MISSING("the Send Timestamp TLV (3) is missing"),
        OPTIONAL_BEFORE_REQUIRED("optional TLVs must follow the required Nonce and timestamps"),
        DUPLICATE_TLV("a TLV type that may appear once appears twice"),
        WRONG_DIRECTION("a TLV appears in the wrong message direction (request-only in a response or response-only in a request)"),
        ZERO_LENGTH_EXPECTED("Metadata Query, Precision Mode and Signature Request TLVs must be zero-length"),
        RESERVED_TYPE_ZERO("TLV type 0 is reserved and must not be used"),
        PADDING_NONZERO("Padding (254) must consist of zero bytes only"),
        PADDING_NOT_LAST("Padding (254) must follow every TLV except the Signature Block"),
        SIGNATURE_NOT_LAST("the Signature Block (255) must be the last TLV"),
        SIGNATURE_MALFORMED("the Signature Block (255) is shorter than its 7-byte header"),
        SIGNATURE_LENGTH_MISMATCH("the Signature Block's signature length does not match its TLV length"),
        ERROR_NOT_ALONE("the Error TLV (249) must appear alone (only a Signature Block may follow)"),
        ERROR_MALFORMED("the Error TLV (249) needs a code and a reserved byte"),
        ERROR_RESERVED_NONZERO("the Error TLV's reserved byte must be zero"),
        CLOCK_QUALITY_MALFORMED("the Clock Quality Info TLV (248) needs at least 6 bytes"),
        TIME_SOURCE_INFO_MALFORMED("the Time Source Info TLV (251) needs at least 2 bytes"),
        METADATA_MALFORMED("a Metadata (253) key or value length runs past the TLV"),
        METADATA_NOT_CANONICAL("Metadata (253) pairs must be in lexicographic key order"),
        INVALID_UTF8("a text field is not valid UTF-8"),
        MESSAGE_TOO_LARGE("the message is larger than allowed"),
        BUFFER_TOO_SMALL("the output buffer is too small for the message");

        private final String rule;

        Reason(String rule) {
            this.rule = rule;
        }

        /** The rule in words. */
        public String rule() {
            return rule;
        }
    }

    private final Reason reason;
    private final int offset;

    public WireFormatException(Reason reason, int offset, String detail) {
        super(reason + ": " + reason.rule + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")")
                + (offset >= 0 ? " at byte " + offset : ""), false);
        this.reason = reason;
        this.offset = offset;
    }

    public WireFormatException(Reason reason, int offset) {
        this(reason, offset, null);
    }

    /** The rule that was broken. */
    public Reason reason() {
        return reason;
    }

    /** Byte offset within the message where the violation was found, or -1. */
    public int offset() {
        return offset;
    }
}
