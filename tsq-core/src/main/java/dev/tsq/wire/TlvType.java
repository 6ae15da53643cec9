package dev.tsq.wire;

/** The TLV type codes of draft-mccollum-ntp-tsq-01, Table 1. */
public final class TlvType {
    private TlvType() {
    }

    /** Nonce, 16 bytes, request and response, required, always first. */
    public static final int NONCE = 1;
    /** Receive Timestamp T2, 8 bytes NTP format, response, required. */
    public static final int RECEIVE_TIMESTAMP = 2;
    /** Send Timestamp T3, 8 bytes NTP format, response, required. */
    public static final int SEND_TIMESTAMP = 3;
    /** Metadata Query Request, 0 bytes, request only. */
    public static final int METADATA_QUERY = 247;
    /** Clock Quality Info, response. */
    public static final int CLOCK_QUALITY = 248;
    /** Error, response over streams only, alone (a Signature Block may follow). */
    public static final int ERROR = 249;
    /** Precision Mode request (in requests) / acknowledgment (in responses), 0 bytes. */
    public static final int PRECISION_MODE = 250;
    /** Time Source Info, response. */
    public static final int TIME_SOURCE_INFO = 251;
    /** Signature Request, 0 bytes, request only. */
    public static final int SIGNATURE_REQUEST = 252;
    /** Metadata key/value pairs in canonical key order, request and response. */
    public static final int METADATA = 253;
    /** Padding, zero bytes only, after every TLV but the Signature Block. */
    public static final int PADDING = 254;
    /** Signature Block, response, always last, covers the exact preceding bytes. */
    public static final int SIGNATURE_BLOCK = 255;

    /** Size of a TLV header (type and length). */
    public static final int HEADER_BYTES = 2;
    /** Largest TLV value (the length field is one byte). */
    public static final int MAX_VALUE_BYTES = 255;

    /**
     * A human name for a type code, e.g. {@code "Nonce(1)"} or {@code "Unknown(17)"}.
     *
     * @param type the type code, 0-255
     * @return the name and the code
     */
    public static String name(int type) {
        String n = switch (type) {
            case NONCE -> "Nonce";
            case RECEIVE_TIMESTAMP -> "ReceiveTimestamp";
            case SEND_TIMESTAMP -> "SendTimestamp";
            case METADATA_QUERY -> "MetadataQuery";
            case CLOCK_QUALITY -> "ClockQuality";
            case ERROR -> "Error";
            case PRECISION_MODE -> "PrecisionMode";
            case TIME_SOURCE_INFO -> "TimeSourceInfo";
            case SIGNATURE_REQUEST -> "SignatureRequest";
            case METADATA -> "Metadata";
            case PADDING -> "Padding";
            case SIGNATURE_BLOCK -> "SignatureBlock";
            default -> "Unknown";
        };
        return n + "(" + type + ")";
    }

    /**
     * True for the types this implementation understands (the others are skipped and kept as {@link UnknownTlv}).
     *
     * @param type the type code, 0-255
     * @return true for an assigned type
     */
    public static boolean isKnown(int type) {
        return type == NONCE || type == RECEIVE_TIMESTAMP || type == SEND_TIMESTAMP || type >= METADATA_QUERY;
    }
}
