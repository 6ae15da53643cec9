package dev.tsq.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link ClockAdjuster#stepAndReport(Duration)} did: the correction it added and when it took effect.
 *
 * @param correction  what was added to the clock (same sign convention as {@link ClockAdjuster#step})
 * @param effectiveAt the clock's reading immediately after the step, on the new time scale (on Linux: the time
 *                    the kernel returns from the very call that stepped); for a dry run, the unchanged clock's
 *                    reading when the step was recorded
 * @param applied     false when nothing was changed (a dry run)
 */
public record ClockStep(Duration correction, Instant effectiveAt, boolean applied) {
    public ClockStep {
        Objects.requireNonNull(correction, "correction");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
    }
}
