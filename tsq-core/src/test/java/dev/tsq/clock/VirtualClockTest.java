package dev.tsq.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.testing.PropertyRunner;
import org.junit.jupiter.api.Test;

class VirtualClockTest {
    private static final long S = 1_000_000_000L;

    @Test
    void injectedErrorGrowsAtItsRateUntilTheFrequencyIsCorrected() {
        VirtualClock c = new VirtualClock(100_000_000, 50, 0);
        assertEquals(100_000_000, c.correctionNanos(0));
        assertEquals(100_000_000 + 50_000, c.correctionNanos(S)); // 50 ppm of 1 s
        assertEquals(1_000 * S + 100_050_000, c.read(1_000 * S, S));
        c.setFrequency(-50, S);
        assertEquals(0.0, c.rateAgainstSystemPpm());
        assertEquals(100_050_000, c.correctionNanos(100 * S)); // no drift once corrected
        c.step(-100_050_000, 100 * S);
        assertEquals(0, c.correctionNanos(200 * S));
        assertEquals(1, c.steps());
        assertEquals(-50.0, c.frequencyPpm());
    }

    @Test
    void monotonicReadingsStandStillAfterABackwardStep() {
        VirtualClock c = VirtualClock.ofSystem(0);
        long before = c.readMonotonic(10 * S, 0);
        c.step(-S / 2, 0);
        long during = c.readMonotonic(10 * S + S / 4, S / 4);
        assertEquals(before, during); // raw reading is 0.25 s behind: held
        assertEquals(10 * S - S / 4, c.read(10 * S + S / 4, S / 4));
        long after = c.readMonotonic(11 * S, S);
        assertEquals(11 * S - S / 2, after);
    }

    @Test
    void readingsAreMonotonicUnderAnySequenceOfSteeringActions() {
        PropertyRunner.forAll("monotonic readings", 42, 200, rnd -> {
            VirtualClock c = new VirtualClock(rnd.nextLong(-S, S), rnd.nextDouble(-500, 500), 0);
            long mono = 0;
            long last = Long.MIN_VALUE;
            for (int i = 0; i < 100; i++) {
                mono += rnd.nextLong(0, S);
                switch (rnd.nextInt(3)) {
                    case 0 -> c.setFrequency(rnd.nextDouble(-1000, 1000), mono);
                    case 1 -> c.step(rnd.nextLong(-S, S), mono);
                    default -> { }
                }
                long r = c.readMonotonic(1_700_000_000L * S + mono, mono);
                assertTrue(r >= last, "reading went back: " + r + " < " + last);
                last = r;
            }
        });
    }

    @Test
    void rejectsNonFiniteFrequencies() {
        VirtualClock c = VirtualClock.ofSystem(0);
        assertThrows(IllegalArgumentException.class, () -> c.setFrequency(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new VirtualClock(0, 1e6, 0));
    }
}
