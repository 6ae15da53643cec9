package dev.tsq.wire;

/**
 * Error (TLV 249): code (1 B), reserved (1 B, zero), optional UTF-8 reason phrase. Sent only over
 * streams, alone in the response (a Signature Block may follow and then covers it).
 *
 * @param code   1..255; see the constants
 * @param reason a phrase for logs, at most 253 UTF-8 bytes (the TLV's length byte bounds it); may be empty
 */
public record ErrorTlv(int code, String reason) {
    /** 0x01: the request was malformed. */
    public static final int MALFORMED_REQUEST = 0x01;
    /** 0x02: the request asked for something unsupported (e.g. a signature from a server without keys). */
    public static final int UNSUPPORTED_TLV = 0x02;
    /** 0x03: authentication required. */
    public static final int AUTHENTICATION_REQUIRED = 0x03;
    /** 0x80 (implementation-specific range): the source address exceeded the server's rate limit. */
    public static final int RATE_LIMITED = 0x80;
    /** 0x81 (implementation-specific range): the request exceeded the server's size limit. */
    public static final int REQUEST_TOO_LARGE = 0x81;

    static final int FIXED_BYTES = 2;

    /**
     * Checks the code and the reason's length.
     *
     * @param code   1..255; see the constants
     * @param reason a phrase for logs, at most 253 UTF-8 bytes (the TLV's length byte bounds it); may be empty
     * @throws IllegalArgumentException when the code is outside 1-255 or the reason is longer than 253 UTF-8 bytes
     */
    public ErrorTlv {
        if (code < 1 || code > 255) {
            throw new IllegalArgumentException("code: " + code + " (expected: 1-255)");
        }
        Utf8.check(reason, TlvType.MAX_VALUE_BYTES - FIXED_BYTES, "reason");
    }

    /**
     * A name for the code, e.g. {@code "malformed request"}.
     *
     * @return the name of a known code, or {@code "error N"}
     */
    public String codeName() {
        return switch (code) {
            case MALFORMED_REQUEST -> "malformed request";
            case UNSUPPORTED_TLV -> "unsupported TLV";
            case AUTHENTICATION_REQUIRED -> "authentication required";
            case RATE_LIMITED -> "rate limited";
            case REQUEST_TOO_LARGE -> "request too large";
            default -> "error " + code;
        };
    }
}
