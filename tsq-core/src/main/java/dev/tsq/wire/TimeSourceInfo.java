package dev.tsq.wire;

/**
 * Time Source Info (TLV 251): stratum (1 B), source type (1 B), optional UTF-8 info (rest).
 * Advisory only (draft section 7): never a substitute for signatures or nonce checks.
 *
 * @param stratum    0 unsynchronized, 1 reference, 2+ as in NTP
 * @param sourceType 1 GPS, 2 PTP, 3 NTP, 4 manual, 5 unknown (other values kept as received)
 * @param info       e.g. {@code "ntp.example.com"}; empty when absent; at most 253 UTF-8 bytes
 */
public record TimeSourceInfo(int stratum, int sourceType, String info) {
    /** Source type 1: GPS. */
    public static final int GPS = 1;
    /** Source type 2: PTP. */
    public static final int PTP = 2;
    /** Source type 3: NTP. */
    public static final int NTP = 3;
    /** Source type 4: set by hand. */
    public static final int MANUAL = 4;
    /** Source type 5: unknown. */
    public static final int UNKNOWN = 5;

    static final int FIXED_BYTES = 2;

    /**
     * Checks each field against the TLV's layout.
     *
     * @param stratum    0 unsynchronized, 1 reference, 2+ as in NTP
     * @param sourceType 1 GPS, 2 PTP, 3 NTP, 4 manual, 5 unknown (other values kept as received)
     * @param info       e.g. {@code "ntp.example.com"}; empty when absent; at most 253 UTF-8 bytes
     * @throws IllegalArgumentException when a number does not fit its byte or the info is longer than 253 UTF-8 bytes
     */
    public TimeSourceInfo {
        ClockQuality.check("stratum", stratum, 255);
        ClockQuality.check("sourceType", sourceType, 255);
        Utf8.check(info, TlvType.MAX_VALUE_BYTES - FIXED_BYTES, "info");
    }
}
