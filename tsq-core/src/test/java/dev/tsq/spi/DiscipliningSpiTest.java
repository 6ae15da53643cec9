package dev.tsq.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.spi.DryRunClockAdjuster.Action;
import dev.tsq.spi.DryRunClockAdjuster.Kind;
import dev.tsq.time.WallClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The discipline part of the clock SPI: typed "not supported" defaults and the dry run's record of every call. */
class DiscipliningSpiTest {

    /** An adjuster written before the discipline methods existed: only the original four methods. */
    private static final class OldAdjuster implements ClockAdjuster {
        @Override
        public String name() {
            return "old";
        }

        @Override
        public void slew(Duration correction) {
        }

        @Override
        public void step(Duration correction) {
        }

        @Override
        public ClockStatus status() {
            return new ClockStatus(0, 12.5, 0, 0, 0, 0, 0, 0, 10_000);
        }
    }

    @Test
    void defaultsThrowTypedNotSupportedNamingTheOperationAndAdjuster() {
        OldAdjuster old = new OldAdjuster();
        List<Runnable> calls = List.of(old::frequencyPpm, () -> old.setFrequencyPpm(1.0),
            () -> old.stepAndReport(Duration.ZERO), () -> old.setSyncStatus(ClockSyncStatus.unsynchronised()),
            old::takeControl);
        List<String> ops = List.of("frequencyPpm", "setFrequencyPpm", "stepAndReport", "setSyncStatus", "takeControl");
        for (int i = 0; i < calls.size(); i++) {
            Runnable call = calls.get(i);
            UnsupportedClockOperationException e = assertThrows(UnsupportedClockOperationException.class, call::run);
            assertEquals(ops.get(i), e.operation());
            assertEquals(ops.get(i) + " is not supported by the clock adjuster old", e.getMessage());
            assertTrue(ClockAdjustmentException.class.isInstance(e));
            assertFalse(ClockPermissionException.class.isInstance(e));
            assertEquals(0, e.errno());
        }
    }

    @Test
    void dryRunRecordsEveryDisciplineCallInOrderAndChangesNothing() {
        long now = 1_700_000_000_123_456_789L;
        DryRunClockAdjuster dry = ClockAdjusters.dryRun(null, WallClock.fixed(now));
        assertEquals(0.0, dry.frequencyPpm(), "no source, nothing set: nominal");
        dry.takeControl();
        assertEquals(-12.25, dry.setFrequencyPpm(-12.25));
        assertEquals(-12.25, dry.frequencyPpm(), "reads back what was set");
        ClockStep step = dry.stepAndReport(Duration.ofMillis(-1500));
        assertEquals(new ClockStep(Duration.ofMillis(-1500), Instant.ofEpochSecond(1_700_000_000L, 123_456_789), false),
            step);
        ClockSyncStatus st = new ClockSyncStatus(true, Duration.ofNanos(1500), Duration.ofMillis(3),
            ClockSyncStatus.Leap.INSERT);
        dry.setSyncStatus(st);
        dry.slew(Duration.ofMillis(2));
        dry.step(Duration.ofMillis(7));
        assertEquals(List.of(
            new Action(Kind.TAKE_CONTROL, Duration.ZERO),
            new Action(Kind.SET_FREQUENCY, Duration.ZERO, -12.25, null),
            new Action(Kind.STEP, Duration.ofMillis(-1500)),
            new Action(Kind.SET_STATUS, Duration.ZERO, 0.0, st),
            new Action(Kind.SLEW, Duration.ofMillis(2)),
            new Action(Kind.STEP, Duration.ofMillis(7))), dry.actions());
        assertTrue(dry.isDryRun());
    }

    @Test
    void dryRunFrequencyStartsFromItsStatusSourceAndRefusesNonFinite() {
        ClockAdjuster source = new ClockAdjuster() {
            @Override
            public String name() {
                return "source";
            }

            @Override
            public void slew(Duration c) {
                throw new AssertionError("the dry run must not slew its source");
            }

            @Override
            public void step(Duration c) {
                throw new AssertionError("the dry run must not step its source");
            }

            @Override
            public ClockStatus status() {
                throw new AssertionError("not needed");
            }

            @Override
            public double frequencyPpm() {
                return 7.5;
            }
        };
        DryRunClockAdjuster dry = ClockAdjusters.dryRun(source);
        assertEquals(7.5, dry.frequencyPpm());
        assertEquals("ppm: NaN (expected: finite)",
            assertThrows(IllegalArgumentException.class, () -> dry.setFrequencyPpm(Double.NaN)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> dry.setFrequencyPpm(Double.POSITIVE_INFINITY));
        assertEquals(List.of(), dry.actions(), "a refused call is not recorded");
        assertEquals(7.5, dry.frequencyPpm());
    }

    @Test
    void syncStatusChecksItsArguments() {
        assertEquals("estimatedError: PT-0.000000001S (expected: >= 0)", assertThrows(IllegalArgumentException.class,
            () -> new ClockSyncStatus(true, Duration.ofNanos(-1), Duration.ZERO, ClockSyncStatus.Leap.NONE))
            .getMessage());
        assertEquals("maximumError: PT-1S (expected: >= 0)", assertThrows(IllegalArgumentException.class,
            () -> new ClockSyncStatus(true, Duration.ZERO, Duration.ofSeconds(-1), ClockSyncStatus.Leap.NONE))
            .getMessage());
        assertThrows(NullPointerException.class, () -> new ClockSyncStatus(true, Duration.ZERO, Duration.ZERO, null));
        ClockSyncStatus u = ClockSyncStatus.unsynchronised();
        assertFalse(u.synchronised());
        assertEquals(Duration.ofSeconds(16), u.maximumError());
        assertTrue(ClockSyncStatus.synchronised(Duration.ZERO, Duration.ZERO).synchronised());
        assertThrows(IllegalArgumentException.class,
            () -> new Action(Kind.SET_STATUS, Duration.ZERO), "SET_STATUS needs its status");
        assertThrows(IllegalArgumentException.class,
            () -> new Action(Kind.STEP, Duration.ZERO, 0, ClockSyncStatus.unsynchronised()));
    }
}
