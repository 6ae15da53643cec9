package dev.tsq.time;

import java.time.Clock;
import java.time.Instant;

/** The real clock; the only place in tsq-core that reads it. */
final class SystemWallClock implements WallClock {
    static final SystemWallClock INSTANCE = new SystemWallClock();
    private static final Clock UTC = Clock.systemUTC();

    private SystemWallClock() {
    }

    @Override
    public long epochNanos() {
        Instant now = UTC.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public String toString() {
        return "WallClock.SYSTEM";
    }
}
