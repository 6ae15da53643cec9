package dev.tsq.clock.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import dev.tsq.clock.linux.internal.LibC;
import dev.tsq.clock.linux.internal.NativeClock;
import dev.tsq.clock.linux.internal.Timespec;
import dev.tsq.clock.linux.internal.Timeval;
import dev.tsq.clock.linux.internal.Timex;
import dev.tsq.spi.ClockAdjustmentException;
import dev.tsq.spi.ClockPermissionException;
import dev.tsq.spi.ClockStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The adjuster's logic against a recording LibC written in Java: no native call is made, so these tests show exactly
 * which arguments would reach the kernel, and how errors and the settimeofday fallback are handled.
 */
class LinuxClockAdjusterTest {

    /** A LibC that records calls and answers as scripted. */
    static final class RecordingLibC implements LibC {
        final List<String> calls = new ArrayList<>();
        Throwable clockAdjtimeFailure;
        Throwable adjtimexFailure;
        Timex lastTimex;
        long settimeofdaySec;
        long settimeofdayUsec;

        @Override
        public int adjtimex(Timex buf) {
            calls.add("adjtimex modes=0x" + Integer.toHexString(buf.modes) + " offset=" + buf.offset);
            lastTimex = buf;
            if (adjtimexFailure != null) {
                throw unchecked(adjtimexFailure);
            }
            if (buf.modes == 0) {
                buf.offset = 250_000;          // ns, since STA_NANO is set below
                buf.freq = -819_200;           // -12.5 ppm
                buf.maxerror = 1234;
                buf.esterror = 56;
                buf.status = 0x2001;           // STA_PLL | STA_NANO
                buf.constant = 7;
                buf.tick = 10_000;
                buf.tai = 37;
                buf.write();
                return 0;
            }
            if (buf.modes == 0xa001) {
                buf.offset = 1500;             // remaining singleshot, us
                buf.write();
                return 0;
            }
            buf.offset = 42;                   // "previous remaining slew"
            buf.write();
            return 5;
        }

        @Override
        public int clock_adjtime(int clockId, Timex buf) {
            calls.add("clock_adjtime clock=" + clockId + " modes=0x" + Integer.toHexString(buf.modes)
                + " sec=" + buf.timeSec + " frac=" + buf.timeUsec);
            lastTimex = buf;
            if (clockAdjtimeFailure != null) {
                throw unchecked(clockAdjtimeFailure);
            }
            return 0;
        }

        private static RuntimeException unchecked(Throwable t) {
            if (t instanceof Error err) {
                throw err;
            }
            return (RuntimeException) t;
        }

        @Override
        public int clock_gettime(int clockId, Timespec ts) {
            calls.add("clock_gettime clock=" + clockId);
            ts.tvSec = 1_700_000_000L;
            ts.tvNsec = 900_000_500;
            ts.write();
            return 0;
        }

        @Override
        public int settimeofday(Timeval tv, Pointer tz) {
            calls.add("settimeofday");
            settimeofdaySec = tv.tvSec;
            settimeofdayUsec = tv.tvUsec;
            return 0;
        }
    }

    private final RecordingLibC libc = new RecordingLibC();
    private final LinuxClockAdjuster adjuster = new LinuxClockAdjuster(new NativeClock(libc), false);

    @Test
    void nameAndNotDryRun() {
        assertEquals("linux-adjtimex", adjuster.name());
        assertFalse(adjuster.isDryRun());
    }

    @Test
    void slewIsASingleshotInMicroseconds() {
        adjuster.slew(Duration.ofMillis(-100));
        assertEquals(List.of("adjtimex modes=0x8001 offset=-100000"), libc.calls);
    }

    @Test
    void slewBeyondLimitFailsBeforeAnySystemCall() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> adjuster.slew(Duration.ofMillis(600)));
        assertTrue(e.getMessage().startsWith("slew correction: +600 ms (expected: -500 ms to +500 ms"), e.getMessage());
        assertEquals(List.of(), libc.calls);
    }

    @Test
    void stepIsOneAtomicSetOffsetWithNormalizedNanoseconds() {
        adjuster.step(Duration.ofMillis(-1500));
        assertEquals(List.of("clock_adjtime clock=0 modes=0x2100 sec=-2 frac=500000000"), libc.calls);
        assertFalse(adjuster.stepsWithSettimeofday());
    }

    @Test
    void zeroStepStillReachesTheKernel() {
        adjuster.step(Duration.ZERO);
        assertEquals(List.of("clock_adjtime clock=0 modes=0x2100 sec=0 frac=0"), libc.calls);
    }

    @Test
    void stepFallsBackToSettimeofdayWhenClockAdjtimeIsMissing() {
        libc.clockAdjtimeFailure = new UnsatisfiedLinkError("Error looking up function 'clock_adjtime'");
        adjuster.step(Duration.ofMillis(200));
        assertEquals(List.of("clock_adjtime clock=0 modes=0x2100 sec=0 frac=200000000", "clock_gettime clock=0",
            "settimeofday"), libc.calls);
        assertEquals(1_700_000_001L, libc.settimeofdaySec);
        assertEquals(100_000, libc.settimeofdayUsec);
        assertTrue(adjuster.stepsWithSettimeofday());
        libc.calls.clear();
        adjuster.step(Duration.ofMillis(-200));
        assertEquals(List.of("clock_gettime clock=0", "settimeofday"), libc.calls, "no second clock_adjtime attempt");
        assertEquals(1_700_000_000L, libc.settimeofdaySec);
        assertEquals(700_000, libc.settimeofdayUsec);
    }

    @Test
    void stepFallsBackOnEnosys() {
        libc.clockAdjtimeFailure = new LastErrorException(38);
        adjuster.step(Duration.ZERO);
        assertEquals(List.of("clock_adjtime clock=0 modes=0x2100 sec=0 frac=0", "clock_gettime clock=0",
            "settimeofday"), libc.calls);
        assertTrue(adjuster.stepsWithSettimeofday());
    }

    @Test
    void stepDoesNotFallBackOnOtherErrors() {
        libc.clockAdjtimeFailure = new LastErrorException(22);
        ClockAdjustmentException e = assertThrows(ClockAdjustmentException.class, () -> adjuster.step(Duration.ZERO));
        assertEquals("EINVAL", e.errnoName());
        assertEquals("clock_adjtime(CLOCK_REALTIME, modes=ADJ_SETOFFSET|ADJ_NANO) failed with EINVAL (Invalid argument)",
            e.getMessage());
        assertFalse(adjuster.stepsWithSettimeofday());
        assertEquals(1, libc.calls.size());
    }

    @Test
    void epermIsAPermissionExceptionNamingCapSysTime() {
        libc.clockAdjtimeFailure = new LastErrorException(1);
        ClockPermissionException e = assertThrows(ClockPermissionException.class,
            () -> adjuster.step(Duration.ofNanos(1)));
        assertTrue(e.getMessage().contains(
            "adjusting the clock needs the CAP_SYS_TIME capability (run as root or grant cap_sys_time)"));
        assertEquals("EPERM", e.errnoName());
        assertFalse(adjuster.stepsWithSettimeofday(), "EPERM is not a reason to try settimeofday");
        libc.adjtimexFailure = new LastErrorException(1);
        ClockAdjustmentException slew = assertThrows(ClockAdjustmentException.class,
            () -> adjuster.slew(Duration.ZERO));
        assertInstanceOf(ClockPermissionException.class, slew);
        assertEquals("adjusting the clock needs the CAP_SYS_TIME capability (run as root or grant cap_sys_time): "
            + "adjtimex(modes=ADJ_OFFSET_SINGLESHOT) failed with EPERM (Operation not permitted)", slew.getMessage());
    }

    @Test
    void statusReadsWithModesZeroAndConverts() {
        ClockStatus s = adjuster.status();
        assertEquals(List.of("adjtimex modes=0x0 offset=0"), libc.calls);
        assertEquals(new ClockStatus(250_000, -12.5, 1234, 56, 0x2001, 37, 0, 7, 10_000), s);
    }

    @Test
    void remainingSlewReadsTheSingleshotRemainder() {
        assertEquals(Duration.ofNanos(1_500_000), adjuster.remainingSlew());
        assertEquals(List.of("adjtimex modes=0xa001 offset=0"), libc.calls);
    }

    @Test
    void describeSlewStatesTheMath() {
        assertEquals("slew +100 ms at 500 ppm (0.5 ms per second) takes 200 s",
            LinuxClockAdjuster.describeSlew(Duration.ofMillis(100)));
        assertEquals("slew -128 ms at 500 ppm (0.5 ms per second) takes 256 s",
            LinuxClockAdjuster.describeSlew(Duration.ofMillis(-128)));
        assertEquals("slew +0.0003 ms rounds to 0 us: it cancels any slew in progress and takes 0 s",
            LinuxClockAdjuster.describeSlew(Duration.ofNanos(300)));
        assertEquals("slew +2000 ms exceeds the 500 ms slew limit (at 500 ppm it would take over 1000 s); step it instead",
            LinuxClockAdjuster.describeSlew(Duration.ofSeconds(2)));
        assertEquals(Duration.ofSeconds(200), LinuxClockAdjuster.slewTime(Duration.ofMillis(100)));
        assertEquals(Duration.ofMillis(500), LinuxClockAdjuster.MAX_SLEW);
        assertEquals(500, LinuxClockAdjuster.SLEW_RATE_PPM);
    }
}
