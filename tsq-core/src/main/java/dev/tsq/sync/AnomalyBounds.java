package dev.tsq.sync;

/**
 * Deployment-defined plausibility limits for a single exchange (draft section 6.6: "Offset calculation
 * exceeds deployment-defined thresholds (e.g., 24 hours)").
 *
 * @param maxAbsOffsetNanos the largest offset magnitude that is still plausible, nanoseconds; an offset
 *                          whose magnitude is exactly this value is accepted. Must be positive.
 */
public record AnomalyBounds(long maxAbsOffsetNanos) {

    /** 24 hours, the draft's example. */
    public static final AnomalyBounds DEFAULT = new AnomalyBounds(24L * 60 * 60 * 1_000_000_000L);

    /**
     * Bounds for the anomaly checks.
     *
     * @param maxAbsOffsetNanos the largest offset magnitude that is still plausible, nanoseconds; an offset
     *                          whose magnitude is exactly this value is accepted. Must be positive.
     * @throws IllegalArgumentException when {@code maxAbsOffsetNanos} is not positive
     */
    public AnomalyBounds {
        if (maxAbsOffsetNanos <= 0) {
            throw new IllegalArgumentException(
                    "maxAbsOffsetNanos: " + maxAbsOffsetNanos + " (expected: > 0)");
        }
    }
}
