package dev.tsq.wire;

/**
 * Clock Quality Info (TLV 248): class (1 B), reserved (1 B, zero), estimated error in µs (2 B),
 * estimated drift in ppb (2 B), optional UTF-8 source class tag (rest of the TLV).
 *
 * @param clockClass          0 unknown, 1 GNSS disciplined, 2 PTP grandmaster, 3 NTP-synchronized,
 *                            4 local OCXO, 5 unstable/holdover (other values kept as received)
 * @param estimatedErrorMicros ± error in microseconds, 0..65535
 * @param driftPpb            ± frequency drift in parts per billion, 0..65535
 * @param sourceClassTag      e.g. {@code "gpsdo"}, {@code "ntp-v4"}; empty when absent; at most 249 UTF-8 bytes
 */
public record ClockQuality(int clockClass, int estimatedErrorMicros, int driftPpb, String sourceClassTag) {
    /** Class 0: unknown. */
    public static final int UNKNOWN = 0;
    /** Class 1: disciplined by GNSS. */
    public static final int GNSS = 1;
    /** Class 2: a PTP grandmaster. */
    public static final int PTP_GRANDMASTER = 2;
    /** Class 3: synchronized by NTP. */
    public static final int NTP_SYNCHRONIZED = 3;
    /** Class 4: a local oven-controlled crystal oscillator. */
    public static final int LOCAL_OCXO = 4;
    /** Class 5: unstable or in holdover. */
    public static final int HOLDOVER = 5;

    static final int FIXED_BYTES = 6;

    /**
     * Checks each field against the TLV's layout.
     *
     * @param clockClass          0 unknown, 1 GNSS disciplined, 2 PTP grandmaster, 3 NTP-synchronized,
     *                            4 local OCXO, 5 unstable/holdover (other values kept as received)
     * @param estimatedErrorMicros ± error in microseconds, 0..65535
     * @param driftPpb            ± frequency drift in parts per billion, 0..65535
     * @param sourceClassTag      e.g. {@code "gpsdo"}, {@code "ntp-v4"}; empty when absent; at most 249 UTF-8 bytes
     * @throws IllegalArgumentException when a number does not fit its field or the tag is longer than 249 UTF-8 bytes
     */
    public ClockQuality {
        check("clockClass", clockClass, 255);
        check("estimatedErrorMicros", estimatedErrorMicros, 65535);
        check("driftPpb", driftPpb, 65535);
        Utf8.check(sourceClassTag, TlvType.MAX_VALUE_BYTES - FIXED_BYTES, "sourceClassTag");
    }

    static void check(String what, int v, int max) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(what + ": " + v + " (expected: 0-" + max + ")");
        }
    }
}
