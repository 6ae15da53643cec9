package dev.tsq.time;

/**
 * The one way time enters TSQ algorithms: a source of wall-clock time as nanoseconds since
 * the Unix epoch (1970-01-01T00:00:00Z, UTC, ignoring leap seconds like {@link java.time.Instant}).
 * Algorithms take a {@code WallClock} (or plain timestamps) so that tests can pass a fixed or
 * offset clock and never read the real one.
 */
@FunctionalInterface
public interface WallClock {
    /** @return the current time in nanoseconds since the Unix epoch */
    long epochNanos();

    /** The machine's real-time clock, at the best resolution the JDK offers (microseconds on Linux). */
    WallClock SYSTEM = SystemWallClock.INSTANCE;

    /**
     * A clock that always answers {@code epochNanos}.
     *
     * @param epochNanos the time it answers, nanoseconds since the Unix epoch
     * @return the clock
     */
    static WallClock fixed(long epochNanos) {
        return () -> epochNanos;
    }

    /**
     * This clock shifted by {@code offsetNanos} (positive: ahead).
     *
     * @param offsetNanos nanoseconds to add to every reading
     * @return the shifted clock
     */
    default WallClock offsetBy(long offsetNanos) {
        WallClock base = this;
        return () -> base.epochNanos() + offsetNanos;
    }
}
