package dev.tsq.wire;

import dev.tsq.TsqException;
import org.jspecify.annotations.Nullable;

/**
 * A message broke a rule of the draft. {@link #reason()} names the rule; the message adds where.
 * Decoding arbitrary bytes throws this and nothing else. Created without a stack trace: malformed
 * input from the network is expected, counted and dropped, not debugged.
 */
public final class WireFormatException extends TsqException {
    private static final long serialVersionUID = 1L;

    /** The rule that was broken. */
    public enum Reason {
        /** Message is empty. */
        EMPTY_MESSAGE("message is empty"),
        /** A TLV header is cut off at the end of the message. */
        TRUNCATED_HEADER("a TLV header is cut off at the end of the message"),
        /** A TLV's length runs past the end of the message. */
        TLV_OVERRUN("a TLV's length runs past the end of the message"),
        /** The Nonce TLV (1) is missing. */
        NONCE_MISSING("the Nonce TLV (1) is missing"),
        /** The Nonce TLV (1) must be the first TLV. */
        NONCE_NOT_FIRST("the Nonce TLV (1) must be the first TLV"),
        /** The Nonce TLV (1) must be exactly 16 bytes. */
        NONCE_LENGTH("the Nonce TLV (1) must be exactly 16 bytes"),
        /** A timestamp TLV (2, 3) must be exactly 8 bytes. */
        TIMESTAMP_LENGTH("a timestamp TLV (2, 3) must be exactly 8 bytes"),
        /** The Receive Timestamp TLV (2) is missing. */
        RECEIVE_TIMESTAMP_MISSING("the Receive Timestamp TLV (2) is missing"),
        /** The Send Timestamp TLV (3) is missing. */
        SEND_TIMESTAMP_MISSING("the Send Timestamp TLV (3) is missing"),
        /** Optional TLVs must follow the required Nonce and timestamps. */
        OPTIONAL_BEFORE_REQUIRED("optional TLVs must follow the required Nonce and timestamps"),
        /** A TLV type that may appear once appears twice. */
        DUPLICATE_TLV("a TLV type that may appear once appears twice"),
        /** A TLV appears in the wrong message direction (request-only in a response or response-only in a request). */
        WRONG_DIRECTION("a TLV appears in the wrong message direction (request-only in a response or response-only in a request)"),
        /** Metadata Query, Precision Mode and Signature Request TLVs must be zero-length. */
        ZERO_LENGTH_EXPECTED("Metadata Query, Precision Mode and Signature Request TLVs must be zero-length"),
        /** TLV type 0 is reserved and must not be used. */
        RESERVED_TYPE_ZERO("TLV type 0 is reserved and must not be used"),
        /** Padding (254) must consist of zero bytes only. */
        PADDING_NONZERO("Padding (254) must consist of zero bytes only"),
        /** Padding (254) must follow every TLV except the Signature Block. */
        PADDING_NOT_LAST("Padding (254) must follow every TLV except the Signature Block"),
        /** The Signature Block (255) must be the last TLV. */
        SIGNATURE_NOT_LAST("the Signature Block (255) must be the last TLV"),
        /** The Signature Block (255) is shorter than its 7-byte header. */
        SIGNATURE_MALFORMED("the Signature Block (255) is shorter than its 7-byte header"),
        /** The Signature Block's signature length does not match its TLV length. */
        SIGNATURE_LENGTH_MISMATCH("the Signature Block's signature length does not match its TLV length"),
        /** The Error TLV (249) must appear alone (only a Signature Block may follow). */
        ERROR_NOT_ALONE("the Error TLV (249) must appear alone (only a Signature Block may follow)"),
        /** The Error TLV (249) needs a code and a reserved byte. */
        ERROR_MALFORMED("the Error TLV (249) needs a code and a reserved byte"),
        /** The Error TLV's reserved byte must be zero. */
        ERROR_RESERVED_NONZERO("the Error TLV's reserved byte must be zero"),
        /** The Clock Quality Info TLV (248) needs at least 6 bytes. */
        CLOCK_QUALITY_MALFORMED("the Clock Quality Info TLV (248) needs at least 6 bytes"),
        /** The Time Source Info TLV (251) needs at least 2 bytes. */
        TIME_SOURCE_INFO_MALFORMED("the Time Source Info TLV (251) needs at least 2 bytes"),
        /** A Metadata (253) key or value length runs past the TLV. */
        METADATA_MALFORMED("a Metadata (253) key or value length runs past the TLV"),
        /** Metadata (253) pairs must be in lexicographic key order. */
        METADATA_NOT_CANONICAL("Metadata (253) pairs must be in lexicographic key order"),
        /** A text field is not valid UTF-8. */
        INVALID_UTF8("a text field is not valid UTF-8"),
        /** The message is larger than allowed. */
        MESSAGE_TOO_LARGE("the message is larger than allowed"),
        /** The output buffer is too small for the message. */
        BUFFER_TOO_SMALL("the output buffer is too small for the message");

        private final String rule;

        Reason(String rule) {
            this.rule = rule;
        }

        /**
         * The rule in words.
         *
         * @return the rule, e.g. {@code "message is empty"}
         */
        public String rule() {
            return rule;
        }
    }

    /** The rule that was broken. */
    private final Reason reason;
    /** Byte offset of the violation within the message, or -1. */
    private final int offset;

    /**
     * A broken rule, where it was found and what was seen.
     *
     * @param reason the rule
     * @param offset the byte offset within the message, or -1 when it does not apply
     * @param detail what was seen, or null
     */
    public WireFormatException(Reason reason, int offset, @Nullable String detail) {
        super(reason + ": " + reason.rule + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")")
                + (offset >= 0 ? " at byte " + offset : ""), false);
        this.reason = reason;
        this.offset = offset;
    }

    /**
     * A broken rule and where it was found.
     *
     * @param reason the rule
     * @param offset the byte offset within the message, or -1 when it does not apply
     */
    public WireFormatException(Reason reason, int offset) {
        this(reason, offset, null);
    }

    /**
     * The rule that was broken.
     *
     * @return the rule
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Byte offset within the message where the violation was found, or -1.
     *
     * @return the offset, or -1
     */
    public int offset() {
        return offset;
    }
}
