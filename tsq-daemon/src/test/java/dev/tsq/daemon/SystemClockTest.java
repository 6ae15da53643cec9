package dev.tsq.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tsq.spi.ClockAdjuster;
import dev.tsq.spi.ClockAdjusters;
import dev.tsq.spi.ClockStatus;
import dev.tsq.spi.ClockSyncStatus;
import dev.tsq.spi.DryRunClockAdjuster;
import dev.tsq.spi.DryRunClockAdjuster.Action;
import dev.tsq.spi.DryRunClockAdjuster.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The daemon's {@code system} clock hands the engine's actions to the adjuster with their exact sign and size
 * (issue 13 point 1 for the continuous path), over a recording adjuster: the real clock is never touched.
 */
class SystemClockTest {
    private static final long S = 1_000_000_000L;

    @Test
    void engineActionsReachTheAdjusterExactly() {
        DryRunClockAdjuster rec = ClockAdjusters.dryRun();
        DisciplinedClock.SystemClock clock = new DisciplinedClock.SystemClock(rec, 0);
        clock.setFrequency(-50.25, 1 * S);          // the clock runs 50.25 ppm fast: slow it down
        clock.step(+250_000_000L, 2 * S);           // servers ahead by 250 ms: add 250 ms
        clock.step(-3_000_000_001L, 3 * S);         // servers behind by 3 s + 1 ns: take it away
        clock.setStatus(true, 12_000, 340_000);
        clock.setStatus(false, 0, 16 * S);
        clock.tick(10 * S);                          // a real frequency call: nothing emulated on ticks
        assertEquals(List.of(
                new Action(Kind.TAKE_CONTROL, Duration.ZERO),
                new Action(Kind.SET_FREQUENCY, Duration.ZERO, -50.25, null),
                new Action(Kind.STEP, Duration.ofNanos(250_000_000L)),
                new Action(Kind.STEP, Duration.ofNanos(-3_000_000_001L)),
                new Action(Kind.SET_STATUS, Duration.ZERO, 0.0,
                        ClockSyncStatus.synchronised(Duration.ofNanos(12_000), Duration.ofNanos(340_000))),
                new Action(Kind.SET_STATUS, Duration.ZERO, 0.0,
                        new ClockSyncStatus(false, Duration.ZERO, Duration.ofSeconds(16), ClockSyncStatus.Leap.NONE))),
                rec.actions());
        assertNull(clock.lastError);
    }

    @Test
    void anAdjusterWithoutDisciplineCallsGetsTheFrequencyAsSlews() {
        List<Duration> slews = new ArrayList<>();
        ClockAdjuster old = new ClockAdjuster() {
            @Override
            public String name() {
                return "slew-and-step-only";
            }

            @Override
            public void slew(Duration correction) {
                slews.add(correction);
            }

            @Override
            public void step(Duration correction) {
                throw new AssertionError("no step expected");
            }

            @Override
            public ClockStatus status() {
                throw new AssertionError("not read");
            }
        };
        DisciplinedClock.SystemClock clock = new DisciplinedClock.SystemClock(old, 0);
        clock.setFrequency(+100, 0);   // the clock runs 100 ppm slow: +100 us per second
        clock.tick(S);
        clock.setFrequency(-20, S);
        clock.tick(3 * S);             // -20 ppm for 2 s: -40 us
        clock.setStatus(true, 1, 1);   // no status call on such an adjuster: silently kept on the socket
        assertEquals(List.of(Duration.ofNanos(100_000), Duration.ofNanos(-40_000)), slews);
        assertNull(clock.lastError);
    }
}
