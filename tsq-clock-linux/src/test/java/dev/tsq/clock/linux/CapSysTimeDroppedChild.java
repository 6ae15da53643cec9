package dev.tsq.clock.linux;

import com.sun.jna.LastErrorException;
import dev.tsq.clock.linux.internal.Errno;
import dev.tsq.clock.linux.internal.NativeClock;
import dev.tsq.clock.linux.internal.Timex;
import dev.tsq.clock.linux.testsupport.Tools;
import dev.tsq.spi.ClockAdjustmentException;
import dev.tsq.spi.ClockStatus;
import dev.tsq.spi.ClockSyncStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Child JVM of {@link PermissionDeniedTest}, started under {@code capsh --drop=cap_sys_time}. Not a test itself.
 *
 * <p>Safety: before any clock call it reads its own /proc/self/status and refuses (exit {@value #EXIT_REFUSED}) unless
 * CAP_SYS_TIME is absent from its effective, permitted, bounding and ambient sets, in which case the kernel rejects
 * every clock-changing call with EPERM before looking at the arguments. The calls it makes are also harmless in
 * themselves: a step of +0 s 0 ns, a zero singleshot slew, a settimeofday to the time just read, the frequency and
 * status just read, a take-control (whose first changing call is the zero singleshot slew), and read-only reads.
 */
public final class CapSysTimeDroppedChild {
    /** Everything failed with EPERM as it must. */
    public static final int EXIT_ALL_EPERM = 42;
    /** CAP_SYS_TIME was present: no clock call was attempted. */
    public static final int EXIT_REFUSED = 3;
    /** Some call did not fail as expected. */
    public static final int EXIT_UNEXPECTED = 4;

    private CapSysTimeDroppedChild() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Long> caps = Tools.capabilities(Files.readString(Path.of("/proc/self/status")));
        caps.forEach((set, bits) -> System.out.println("cap " + set + " " + Long.toHexString(bits)));
        if (!Tools.sysTimeDropped(caps)) {
            System.out.println("REFUSED: CAP_SYS_TIME is present, not attempting any clock call");
            System.exit(EXIT_REFUSED);
        }
        NativeClock nativeClock = NativeClock.load();
        LinuxClockAdjuster adjuster = new LinuxClockAdjuster(nativeClock, false);
        LinuxClockAdjuster fallback = new LinuxClockAdjuster(nativeClock, true);
        boolean ok = true;

        System.out.println("remaining-slew-before " + adjuster.remainingSlew().toNanos());
        ok &= expectEperm("step-clock_adjtime", () -> adjuster.step(Duration.ZERO));
        ok &= expectEperm("slew-singleshot", () -> adjuster.slew(Duration.ZERO));
        ok &= expectEperm("step-settimeofday", () -> fallback.step(Duration.ZERO));
        ok &= !adjuster.stepsWithSettimeofday();
        // The discipline calls, each with the values just read, so that even a success would change nothing
        // (reads are modes 0 and need no privilege; the kernel refuses every writing call before using it).
        ClockStatus now = adjuster.status();
        double frequency = adjuster.frequencyPpm();
        System.out.println("frequency-read " + frequency);
        ok &= expectEperm("set-frequency", () -> adjuster.setFrequencyPpm(frequency));
        ClockSyncStatus same = new ClockSyncStatus((now.status() & 0x0040) == 0,
            Duration.ofNanos(now.estErrorMicros() * 1000), Duration.ofNanos(now.maxErrorMicros() * 1000),
            (now.status() & 0x0010) != 0 ? ClockSyncStatus.Leap.INSERT
                : (now.status() & 0x0020) != 0 ? ClockSyncStatus.Leap.DELETE : ClockSyncStatus.Leap.NONE);
        ok &= expectEperm("set-status", () -> adjuster.setSyncStatus(same));
        ok &= expectEperm("take-control", adjuster::takeControl);
        ok &= expectEperm("step-and-report", () -> adjuster.stepAndReport(Duration.ZERO));
        System.out.println("remaining-slew-after " + adjuster.remainingSlew().toNanos());

        // EFAULT: adjtimex(NULL); the kernel cannot even read modes, so nothing can change.
        try {
            nativeClock.libc().adjtimex((Timex) null);
            System.out.println("efault: no error");
            ok = false;
        } catch (LastErrorException e) {
            System.out.println("efault: " + Errno.name(e.getErrorCode()));
            ok &= e.getErrorCode() == Errno.EFAULT;
        }
        System.out.flush();
        System.exit(ok ? EXIT_ALL_EPERM : EXIT_UNEXPECTED);
    }

    private static boolean expectEperm(String label, Runnable call) {
        try {
            call.run();
            System.out.println(label + ": NO EXCEPTION");
            return false;
        } catch (ClockAdjustmentException e) {
            System.out.println(label + ": " + e.getClass().getSimpleName() + " " + e.errnoName() + " " + e.getMessage());
            return e.errno() == Errno.EPERM;
        }
    }
}
