package dev.tsq.clock.linux.internal;

/**
 * A {@code struct timeval} value for {@code settimeofday}: seconds since the epoch and microseconds in [0, 1e6).
 */
public record TimeOfDay(long sec, long usec) {
    public TimeOfDay {
        if (usec < 0 || usec >= 1_000_000) {
            throw new IllegalArgumentException("usec: " + usec + " (expected: 0-999999)");
        }
    }
}
