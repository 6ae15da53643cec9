package dev.tsq.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The discipline status a synchronizer publishes to the kernel (on Linux: STA_UNSYNC, ADJ_ESTERROR, ADJ_MAXERROR
 * and the leap bits STA_INS/STA_DEL), so that other programs reading {@code adjtimex} see how good the clock is.
 *
 * @param synchronised   false marks the clock unsynchronised (STA_UNSYNC)
 * @param estimatedError the estimated error of the clock (≥ 0)
 * @param maximumError   the bound on the error of the clock (≥ 0; the kernel grows it by 500 µs per second and
 *                       caps it at 16 s, where it sets STA_UNSYNC itself)
 * @param leap           a leap second announced for the end of the current UTC day
 */
public record ClockSyncStatus(boolean synchronised, Duration estimatedError, Duration maximumError, Leap leap) {

    /** A leap second announced for the end of the day. */
    public enum Leap {
        /** No leap second. */
        NONE,
        /** 23:59:60 is inserted (STA_INS). */
        INSERT,
        /** 23:59:59 is deleted (STA_DEL). */
        DELETE
    }

    public ClockSyncStatus {
        Objects.requireNonNull(estimatedError, "estimatedError");
        Objects.requireNonNull(maximumError, "maximumError");
        Objects.requireNonNull(leap, "leap");
        if (estimatedError.isNegative()) {
            throw new IllegalArgumentException("estimatedError: " + estimatedError + " (expected: >= 0)");
        }
        if (maximumError.isNegative()) {
            throw new IllegalArgumentException("maximumError: " + maximumError + " (expected: >= 0)");
        }
    }

    /** Unsynchronised, with the kernel's own "know nothing" errors (16 s each) and no leap second. */
    public static ClockSyncStatus unsynchronised() {
        return new ClockSyncStatus(false, Duration.ofSeconds(16), Duration.ofSeconds(16), Leap.NONE);
    }

    /** Synchronised with the given errors and no leap second. */
    public static ClockSyncStatus synchronised(Duration estimatedError, Duration maximumError) {
        return new ClockSyncStatus(true, estimatedError, maximumError, Leap.NONE);
    }
}
