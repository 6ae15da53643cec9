package dev.tsq.clock.linux.internal;

import static dev.tsq.testing.PropertyRunner.edges;
import static dev.tsq.testing.PropertyRunner.forAll;
import static dev.tsq.testing.PropertyRunner.forEachCombination;
import static dev.tsq.testing.PropertyRunner.longIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Properties of the builders over the whole input range: each checks its parameters' edge values (all
 * combinations) first, then 1000 random tries.
 */
class TimexBuildersProperties {

    private static final long SLEW_LIMIT_NANOS = 500_000_499;

    @Test
    void stepFieldsSumToTheCorrectionWithNanosInRange() {
        long[][] edgeCases = {edges(Long.MIN_VALUE, Long.MAX_VALUE), edges(0, 999_999_999)};
        forEachCombination("step fields", edgeCases, v -> stepFields(v[0], v[1]));
        forAll("step fields", 0x71AE_0001L, 1000,
                r -> stepFields(longIn(r, Long.MIN_VALUE, Long.MAX_VALUE), longIn(r, 0, 999_999_999)));
    }

    private static void stepFields(long seconds, long nanos) {
        Duration d = Duration.ofSeconds(seconds, nanos);
        TimexArgs a = TimexBuilders.stepSetOffset(d);
        assertEquals(0x2100, a.modes());
        assertTrue(a.timeUsecOrNsec() >= 0 && a.timeUsecOrNsec() < 1_000_000_000L);
        BigInteger total = BigInteger.valueOf(a.timeSec()).multiply(BigInteger.valueOf(1_000_000_000L))
            .add(BigInteger.valueOf(a.timeUsecOrNsec()));
        BigInteger expected = BigInteger.valueOf(d.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
            .add(BigInteger.valueOf(d.getNano()));
        assertEquals(expected, total);
    }

    /** Edge cases also include the rounding boundaries +-499, +-500 and +-501 ns. */
    @Test
    void slewWithinLimitIsWithinHalfAMicrosecond() {
        long[][] edgeCases = {edges(-SLEW_LIMIT_NANOS, SLEW_LIMIT_NANOS, -501, -500, -499, 499, 500, 501)};
        forEachCombination("slew within limit", edgeCases, v -> slewWithinLimit(v[0]));
        forAll("slew within limit", 0x71AE_0002L, 1000,
                r -> slewWithinLimit(longIn(r, -SLEW_LIMIT_NANOS, SLEW_LIMIT_NANOS)));
    }

    private static void slewWithinLimit(long nanos) {
        TimexArgs a = TimexBuilders.slewSingleShot(Duration.ofNanos(nanos));
        assertEquals(0x8001, a.modes());
        long errorNanos = a.offset() * 1000 - nanos;
        assertTrue(Math.abs(errorNanos) <= 500, "rounding error " + errorNanos);
        assertTrue(Math.abs(a.offset()) <= 500_000);
        assertTrue(a.offset() == 0 || Long.signum(a.offset()) == Long.signum(nanos), "sign kept");
    }

    @Test
    void slewBeyondLimitIsRejected() {
        long[][] edgeCases = {edges(SLEW_LIMIT_NANOS + 1, Long.MAX_VALUE)};
        forEachCombination("slew beyond limit", edgeCases, v -> slewBeyondLimit(v[0]));
        forAll("slew beyond limit", 0x71AE_0003L, 1000,
                r -> slewBeyondLimit(longIn(r, SLEW_LIMIT_NANOS + 1, Long.MAX_VALUE)));
    }

    private static void slewBeyondLimit(long nanos) {
        assertThrows(IllegalArgumentException.class, () -> TimexBuilders.slewSingleShot(Duration.ofNanos(nanos)));
        assertThrows(IllegalArgumentException.class, () -> TimexBuilders.slewSingleShot(Duration.ofNanos(-nanos)));
    }

    /** Edge cases also include +-500 and +-501 us, around the first whole second. */
    @Test
    void slewTimeIsTheKernelsSecondCount() {
        long[][] edgeCases = {edges(-500_000, 500_000, -501, -500, 500, 501)};
        forEachCombination("slew time", edgeCases, v -> slewTime(v[0]));
        forAll("slew time", 0x71AE_0004L, 1000, r -> slewTime(longIn(r, -500_000, 500_000)));
    }

    private static void slewTime(long micros) {
        Duration t = TimexBuilders.slewTime(Duration.ofNanos(micros * 1000));
        long s = t.getSeconds();
        // 500 us per second: s-1 seconds are not enough, s seconds are
        assertTrue(s * 500 >= Math.abs(micros));
        assertTrue(s == 0 || (s - 1) * 500 < Math.abs(micros));
    }
}
