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

    // ---------------------------------------------------------------- frequency (ADJ_FREQUENCY | ADJ_TICK)

    private static final double LIMIT = 100_500.0;
    private static final double HALF_UNIT = 0.5 / 65536;

    /**
     * Every frequency in range survives the trip through the kernel fields: the total the kernel applies,
     * (tick - 10000) * 100 + freq / 65536, is within half a 2^-16 ppm unit of the request; tick and freq stay in
     * the kernel's ranges; the tick is nominal exactly when |ppm| <= 500; and away from the clamps the tick takes
     * the whole hundreds, leaving at most 50 ppm to freq. Values in micro-ppm, edges at +-500, +-500.000001,
     * +-100000, +-100500 and the rounding boundaries +-550.
     */
    @Test
    void frequencyRoundTripsThroughTickAndFreq() {
        long[][] edgeCases = {edges(-100_500_000_000L, 100_500_000_000L, -500_000_001, -500_000_000,
            -499_999_999, 499_999_999, 500_000_000, 500_000_001, -550_000_000, 550_000_000, -100_050_000_000L,
            100_050_000_000L, -100_000_000_000L, 100_000_000_000L)};
        forEachCombination("frequency round trip", edgeCases, v -> frequencyRoundTrip(v[0] / 1e6));
        forAll("frequency round trip", 0x71AE_0005L, 2000,
            r -> frequencyRoundTrip(longIn(r, -100_500_000_000L, 100_500_000_000L) / 1e6));
        forAll("frequency round trip (any double)", 0x71AE_0006L, 1000,
            r -> frequencyRoundTrip((r.nextDouble() * 2 - 1) * LIMIT));
    }

    private static void frequencyRoundTrip(double ppm) {
        TimexArgs a = TimexBuilders.setFrequency(ppm);
        assertEquals(0x4002, a.modes(), "ADJ_FREQUENCY|ADJ_TICK");
        long tick = a.tick();
        long freq = a.freq();
        assertTrue(tick >= 9000 && tick <= 11000, "tick " + tick);
        assertTrue(Math.abs(freq) <= 32_768_000, "freq " + freq);
        double applied = (tick - 10_000) * 100.0 + freq / 65536.0;
        assertTrue(Math.abs(applied - ppm) <= HALF_UNIT * (1 + 1e-9), "applied " + applied + " for " + ppm);
        assertEquals(applied, TimexBuilders.totalFrequencyPpm(tick, freq));
        assertEquals(Math.abs(ppm) <= 500, tick == 10_000, "nominal tick exactly within +-500 ppm: tick " + tick);
        if (Math.abs(ppm) > 500 && Math.abs(ppm) < 100_050) {
            assertTrue(Math.abs(freq) <= 50 * 65536, "freq beyond 500 ppm: " + freq);
            assertEquals(Math.round(ppm / 100), tick - 10_000, "whole hundreds in the tick");
        }
        // monotone: a slightly larger request never applies less
        double up = Math.min(LIMIT, ppm + 1e-3);
        assertTrue(TimexBuilders.frequencySplit(up).ppm() >= applied, "monotone at " + ppm);
    }

    @Test
    void frequencyBeyondTheLimitIsRefused() {
        long[][] edgeCases = {edges(100_500_000_001L, Long.MAX_VALUE / 2)};
        forEachCombination("frequency beyond limit", edgeCases, v -> frequencyRefused(v[0] / 1e6));
        forAll("frequency beyond limit", 0x71AE_0007L, 1000,
            r -> frequencyRefused(longIn(r, 100_500_000_001L, Long.MAX_VALUE / 2) / 1e6));
    }

    private static void frequencyRefused(double ppm) {
        assertThrows(IllegalArgumentException.class, () -> TimexBuilders.setFrequency(ppm));
        assertThrows(IllegalArgumentException.class, () -> TimexBuilders.setFrequency(-ppm));
    }

    /** Errors in whole µs: the maximum never below the request, the estimate within half a µs, both capped. */
    @Test
    void statusErrorsRoundTheRightWayAndKeepForeignBits() {
        long[][] edgeCases = {edges(0, 20_000_000_000L, 499, 500, 501, 999, 1000, 1001, 15_999_999_999L,
            16_000_000_000L, 16_000_000_001L), edges(0, 0xffff)};
        forEachCombination("status errors", edgeCases, v -> statusErrors(v[0], (int) v[1]));
        forAll("status errors", 0x71AE_0008L, 1000,
            r -> statusErrors(longIn(r, 0, 20_000_000_000L), (int) longIn(r, 0, 0xffff)));
    }

    private static void statusErrors(long nanos, int current) {
        dev.tsq.spi.ClockSyncStatus s = dev.tsq.spi.ClockSyncStatus.synchronised(Duration.ofNanos(nanos),
            Duration.ofNanos(nanos));
        TimexArgs a = TimexBuilders.syncStatus(current, s);
        long cap = 16_000_000;
        if (nanos < 16_000_000_000L) {
            assertTrue(a.maxerror() * 1000 >= nanos && a.maxerror() * 1000 - nanos < 1000, "max " + a.maxerror());
            assertTrue(Math.abs(a.esterror() * 1000 - nanos) <= 500, "est " + a.esterror());
        } else {
            assertEquals(cap, a.maxerror());
            assertEquals(cap, a.esterror());
        }
        assertEquals(current & 0x008f, a.status(), "foreign writable bits kept, UNSYNC/INS/DEL cleared, "
            + "read-only bits not sent");
    }
}
