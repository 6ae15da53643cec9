package dev.tsq.clock.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Properties of the builders over the whole input range. */
class TimexBuildersProperties {

    @Property
    void stepFieldsSumToTheCorrectionWithNanosInRange(@ForAll long seconds,
                                                      @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
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

    @Property
    void slewWithinLimitIsWithinHalfAMicrosecond(@ForAll @LongRange(min = -500_000_499, max = 500_000_499) long nanos) {
        TimexArgs a = TimexBuilders.slewSingleShot(Duration.ofNanos(nanos));
        assertEquals(0x8001, a.modes());
        long errorNanos = a.offset() * 1000 - nanos;
        assertTrue(Math.abs(errorNanos) <= 500, "rounding error " + errorNanos);
        assertTrue(Math.abs(a.offset()) <= 500_000);
        assertTrue(a.offset() == 0 || Long.signum(a.offset()) == Long.signum(nanos), "sign kept");
    }

    @Property
    void slewBeyondLimitIsRejected(@ForAll @LongRange(min = 500_000_500, max = Long.MAX_VALUE) long nanos) {
        assertThrows(IllegalArgumentException.class, () -> TimexBuilders.slewSingleShot(Duration.ofNanos(nanos)));
        assertThrows(IllegalArgumentException.class, () -> TimexBuilders.slewSingleShot(Duration.ofNanos(-nanos)));
    }

    @Property
    void slewTimeIsTheKernelsSecondCount(@ForAll @LongRange(min = -500_000, max = 500_000) long micros) {
        Duration t = TimexBuilders.slewTime(Duration.ofNanos(micros * 1000));
        long s = t.getSeconds();
        // 500 us per second: s-1 seconds are not enough, s seconds are
        assertTrue(s * 500 >= Math.abs(micros));
        assertTrue(s == 0 || (s - 1) * 500 < Math.abs(micros));
    }
}
