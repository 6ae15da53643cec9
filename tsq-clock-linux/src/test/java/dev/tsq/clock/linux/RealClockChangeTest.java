package dev.tsq.clock.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * CHANGES THE REAL SYSTEM CLOCK. Runs only when TSQ_TEST_ALLOW_CLOCK_CHANGE=1, which CI never sets; run it only on a
 * disposable machine as root. Each test undoes its change (step +50 ms then -50 ms; slew 2 ms then cancel).
 */
@EnabledIfEnvironmentVariable(named = "TSQ_TEST_ALLOW_CLOCK_CHANGE", matches = "1")
class RealClockChangeTest {

    private static long wallMinusMonoNanos() {
        Instant now = Clock.systemUTC().instant();
        long mono = System.nanoTime();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano() - mono;
    }

    @Test
    void stepForwardAndBackIsSeenByTheWallClock() {
        LinuxClockAdjuster adjuster = LinuxClockAdjuster.create();
        long before = wallMinusMonoNanos();
        adjuster.step(Duration.ofMillis(50));
        long mid = wallMinusMonoNanos();
        adjuster.step(Duration.ofMillis(-50));
        long after = wallMinusMonoNanos();
        assertTrue(Math.abs(mid - before - 50_000_000L) < 5_000_000L, "step +50 ms moved the clock by " + (mid - before));
        assertTrue(Math.abs(after - before) < 5_000_000L, "step back left " + (after - before) + " ns");
    }

    @Test
    void slewIsVisibleAsRemainderAndCanBeCancelled() {
        LinuxClockAdjuster adjuster = LinuxClockAdjuster.create();
        adjuster.slew(Duration.ofMillis(2));
        Duration remaining = adjuster.remainingSlew();
        adjuster.slew(Duration.ZERO);
        assertTrue(!remaining.isNegative() && remaining.compareTo(Duration.ofMillis(2)) <= 0, remaining.toString());
        assertTrue(remaining.compareTo(Duration.ofMillis(1)) >= 0, "at most 2 s of 500 us passed: " + remaining);
        assertEquals(Duration.ZERO, adjuster.remainingSlew());
    }

    @Test
    void frequencySetIsReadBackAndRestored() {
        LinuxClockAdjuster adjuster = LinuxClockAdjuster.create();
        double before = adjuster.frequencyPpm();
        try {
            double applied = adjuster.setFrequencyPpm(before + 600.25);
            assertEquals(before + 600.25, applied, 1e-4);
            assertEquals(applied, adjuster.frequencyPpm(), "read back, tick included");
        } finally {
            adjuster.setFrequencyPpm(before);
        }
        assertEquals(before, adjuster.frequencyPpm(), 1e-4);
    }
}
