package dev.tsq.clock.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import dev.tsq.clock.linux.internal.LibC;
import dev.tsq.clock.linux.internal.NativeClock;
import dev.tsq.clock.linux.internal.Timespec;
import dev.tsq.clock.linux.internal.Timeval;
import dev.tsq.clock.linux.internal.Timex;
import dev.tsq.spi.ClockPermissionException;
import dev.tsq.spi.ClockStep;
import dev.tsq.spi.ClockSyncStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The discipline calls of {@link LinuxClockAdjuster} against a LibC written in Java that records every field the
 * kernel would read: no native call is made, so these show the exact arguments and their order.
 */
class LinuxDisciplineTest {

    /** Records each call's mode-selected fields; answers modes-0 reads with a scripted kernel state. */
    static final class FieldRecordingLibC implements LibC {
        final List<String> calls = new ArrayList<>();
        int readStatus = 0x2001 | 0x0040; // PLL | UNSYNC | NANO
        long readFreq = 65_536 * 3;       // 3 ppm
        long readTick = 10_007;           // +700 ppm
        int epermFromCall = -1;           // the index of the first call that fails with EPERM, or -1

        @Override
        public int adjtimex(Timex buf) {
            calls.add(String.format("adjtimex modes=0x%x offset=%d freq=%d maxerror=%d esterror=%d status=0x%x tick=%d",
                buf.modes, buf.offset, buf.freq, buf.maxerror, buf.esterror, buf.status, buf.tick));
            if (calls.size() - 1 == epermFromCall) {
                throw new LastErrorException(1);
            }
            if (buf.modes == 0) {
                buf.status = readStatus;
                buf.freq = readFreq;
                buf.tick = readTick;
                buf.write();
            }
            return 0;
        }

        @Override
        public int clock_adjtime(int clockId, Timex buf) {
            calls.add("clock_adjtime clock=" + clockId + " modes=0x" + Integer.toHexString(buf.modes)
                + " sec=" + buf.timeSec + " frac=" + buf.timeUsec);
            buf.status = 0x2000;               // ADJ_NANO sets STA_NANO: the time comes back in ns
            buf.timeSec = 1_800_000_000L;      // the kernel's reading right after the step
            buf.timeUsec = 250_000_123;
            buf.write();
            return 0;
        }

        @Override
        public int clock_gettime(int clockId, Timespec ts) {
            throw new AssertionError("not expected");
        }

        @Override
        public int settimeofday(Timeval tv, Pointer tz) {
            throw new AssertionError("not expected");
        }
    }

    private final FieldRecordingLibC libc = new FieldRecordingLibC();
    private final LinuxClockAdjuster adjuster = new LinuxClockAdjuster(new NativeClock(libc), false);

    @Test
    void frequencyIsReadOnlyAndIncludesTheTick() {
        assertEquals(703.0, adjuster.frequencyPpm());
        assertEquals(List.of("adjtimex modes=0x0 offset=0 freq=0 maxerror=0 esterror=0 status=0x0 tick=0"), libc.calls);
    }

    @Test
    void setFrequencySendsFreqAndTickTogether() {
        assertEquals(-12.5, adjuster.setFrequencyPpm(-12.5));
        assertEquals(5000.0, adjuster.setFrequencyPpm(5000));
        assertEquals(List.of(
            "adjtimex modes=0x4002 offset=0 freq=-819200 maxerror=0 esterror=0 status=0x0 tick=10000",
            "adjtimex modes=0x4002 offset=0 freq=0 maxerror=0 esterror=0 status=0x0 tick=10050"), libc.calls);
        double applied = adjuster.setFrequencyPpm(1e-6);
        assertEquals(0.0, applied, "1e-6 ppm is below half of 2^-16 ppm (1.5e-5) and rounds to 0");
    }

    @Test
    void setFrequencyOutOfRangeFailsBeforeAnySystemCall() {
        assertThrows(IllegalArgumentException.class, () -> adjuster.setFrequencyPpm(200_000));
        assertThrows(IllegalArgumentException.class, () -> adjuster.setFrequencyPpm(Double.NaN));
        assertEquals(List.of(), libc.calls);
    }

    @Test
    void stepAndReportReturnsTheTimeTheSteppingCallReturned() {
        ClockStep s = adjuster.stepAndReport(Duration.ofMillis(-250));
        assertEquals(new ClockStep(Duration.ofMillis(-250), Instant.ofEpochSecond(1_800_000_000L, 250_000_123), true), s);
        assertEquals(List.of("clock_adjtime clock=0 modes=0x2100 sec=-1 frac=750000000"), libc.calls);
    }

    @Test
    void syncStatusReadsThenWritesKeepingThePllBit() {
        adjuster.setSyncStatus(new ClockSyncStatus(true, Duration.ofNanos(20_000), Duration.ofMillis(5),
            ClockSyncStatus.Leap.INSERT));
        assertEquals(List.of(
            "adjtimex modes=0x0 offset=0 freq=0 maxerror=0 esterror=0 status=0x0 tick=0",
            "adjtimex modes=0x1c offset=0 freq=0 maxerror=5000 esterror=20 status=0x11 tick=0"), libc.calls);
    }

    @Test
    void takeControlCancelsSingleshotZeroesPllOffsetThenClearsThePll() {
        adjuster.takeControl();
        assertEquals(List.of(
            "adjtimex modes=0x0 offset=0 freq=0 maxerror=0 esterror=0 status=0x0 tick=0",
            "adjtimex modes=0x8001 offset=0 freq=0 maxerror=0 esterror=0 status=0x0 tick=0",
            "adjtimex modes=0x11 offset=0 freq=0 maxerror=0 esterror=0 status=0x41 tick=0",
            "adjtimex modes=0x10 offset=0 freq=0 maxerror=0 esterror=0 status=0x40 tick=0"), libc.calls);
    }

    @Test
    void epermStopsTakeControlAtTheFirstChangingCall() {
        libc.epermFromCall = 1;
        ClockPermissionException e = assertThrows(ClockPermissionException.class, adjuster::takeControl);
        assertEquals("adjusting the clock needs the CAP_SYS_TIME capability (run as root or grant cap_sys_time): "
            + "adjtimex(modes=ADJ_OFFSET_SINGLESHOT) failed with EPERM (Operation not permitted)", e.getMessage());
        assertEquals(2, libc.calls.size(), "nothing after the refused call");
        libc.calls.clear();
        libc.epermFromCall = 0;
        assertInstanceOf(ClockPermissionException.class,
            assertThrows(ClockPermissionException.class, () -> adjuster.setFrequencyPpm(1)));
    }
}
