package dev.tsq.clock.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tsq.clock.linux.internal.NativeClock;
import dev.tsq.clock.linux.testsupport.Tools;
import dev.tsq.spi.ClockStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The EPERM path for real: a child JVM without CAP_SYS_TIME asks to step (ADJ_SETOFFSET +0 s 0 ns), to slew
 * (singleshot 0) and to step through the settimeofday fallback; each must fail with ClockPermissionException naming
 * CAP_SYS_TIME, and the clock must be untouched.
 */
class PermissionDeniedTest {

    private static final String CAP_HINT =
        "adjusting the clock needs the CAP_SYS_TIME capability (run as root or grant cap_sys_time)";

    /** Wall clock minus monotonic clock, in ns: constant unless the wall clock is stepped or slewed. */
    private static long wallMinusMonoNanos() {
        Instant now = Clock.systemUTC().instant();
        long mono = System.nanoTime();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano() - mono;
    }

    @Test
    void childWithoutCapSysTimeGetsClockPermissionExceptionAndTheClockIsUntouched() throws Exception {
        assumeTrue(NativeClock.isSupportedPlatform(System.getProperty("os.name"), System.getProperty("os.arch")),
            "not Linux x86-64/aarch64");
        assumeTrue(Tools.runningAsRoot(), "not running as root: capsh cannot drop a capability from the bounding "
            + "set, and an unprivileged process already gets EPERM (skipping the capsh child test)");
        Path capsh = Tools.find("capsh").orElse(null);
        assumeTrue(capsh != null, "capsh (package libcap2-bin) is not installed: skipping the capsh child test");

        // 1. Prove the drop works before ever starting the child that makes the calls.
        Tools.Run check = Tools.run(capsh.toString(), "--drop=cap_sys_time", "--", "-c", "grep Cap /proc/self/status");
        Map<String, Long> caps = Tools.capabilities(check.stdout());
        assumeTrue(check.exitCode() == 0 && Tools.sysTimeDropped(caps),
            "capsh --drop=cap_sys_time did not clear bit 25 in CapEff/CapPrm/CapBnd/CapAmb here: " + check.stdout()
                + check.stderr() + " (not starting the child)");

        // 2. The child, with the same java and class path, under the same capsh command.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        assertTrue(classPath.contains("test-classes"), "java.class.path lacks the test classes: " + classPath);
        ProcessBuilder pb = new ProcessBuilder(capsh.toString(), "--drop=cap_sys_time", "--", "-c",
            "exec \"$TSQ_CHILD_JAVA\" -cp \"$TSQ_CHILD_CP\" " + CapSysTimeDroppedChild.class.getName());
        pb.environment().put("TSQ_CHILD_JAVA", java);
        pb.environment().put("TSQ_CHILD_CP", classPath);

        // In this (privileged) process only modes-0 status reads are made; the child, without CAP_SYS_TIME, is the
        // only one that reads the slew remainder (ADJ_OFFSET_SS_READ, read-only but modes != 0).
        LinuxClockAdjuster adjuster = LinuxClockAdjuster.create();
        ClockStatus statusBefore = adjuster.status();
        long offsetBefore = wallMinusMonoNanos();
        long t0 = System.nanoTime();
        Tools.Run child = Tools.run(pb);
        long childNanos = System.nanoTime() - t0;
        long offsetAfter = wallMinusMonoNanos();
        ClockStatus statusAfter = adjuster.status();
        String out = child.stdout();
        System.out.println(out);

        assertEquals(CapSysTimeDroppedChild.EXIT_ALL_EPERM, child.exitCode(), out + child.stderr());
        for (String label : List.of("step-clock_adjtime", "slew-singleshot", "step-settimeofday", "set-frequency",
            "set-status", "take-control", "step-and-report")) {
            Matcher m = Pattern.compile("(?m)^" + label + ": (.*)$").matcher(out);
            assertTrue(m.find(), label + " missing from child output:\n" + out);
            String line = m.group(1);
            assertTrue(line.startsWith("ClockPermissionException EPERM " + CAP_HINT + ": "), line);
        }
        assertTrue(out.contains("step-clock_adjtime: ClockPermissionException EPERM " + CAP_HINT
            + ": clock_adjtime(CLOCK_REALTIME, modes=ADJ_SETOFFSET|ADJ_NANO) failed with EPERM"), out);
        assertTrue(out.contains("slew-singleshot: ClockPermissionException EPERM " + CAP_HINT
            + ": adjtimex(modes=ADJ_OFFSET_SINGLESHOT) failed with EPERM"), out);
        assertTrue(out.contains("set-frequency: ClockPermissionException EPERM " + CAP_HINT
            + ": adjtimex(modes=ADJ_FREQUENCY|ADJ_TICK) failed with EPERM"), out);
        assertTrue(out.contains("set-status: ClockPermissionException EPERM " + CAP_HINT
            + ": adjtimex(modes=ADJ_MAXERROR|ADJ_ESTERROR|ADJ_STATUS) failed with EPERM"), out);
        assertTrue(out.contains("take-control: ClockPermissionException EPERM " + CAP_HINT
            + ": adjtimex(modes=ADJ_OFFSET_SINGLESHOT) failed with EPERM"), out);
        assertTrue(out.contains("step-and-report: ClockPermissionException EPERM " + CAP_HINT
            + ": clock_adjtime(CLOCK_REALTIME, modes=ADJ_SETOFFSET|ADJ_NANO) failed with EPERM"), out);
        Matcher freqRead = Pattern.compile("(?m)^frequency-read (\\S+)$").matcher(out);
        assertTrue(freqRead.find(), out);
        assertEquals(statusBefore.frequencyPpm() + (statusBefore.tickMicros() - 10_000) * 100.0,
            Double.parseDouble(freqRead.group(1)), "the unprivileged child reads the frequency (modes 0)");
        assertTrue(out.contains("efault: EFAULT"), out);

        // 3. The clock is untouched: no step (wall - mono unchanged beyond what any slew in progress could do in
        // the child's run time at 500 ppm, plus 20 ms of measurement slack), the slew remainder did not change in
        // the child, and the kernel discipline state is the same (a successful ADJ_NANO step would set STA_NANO).
        long drift = Math.abs(offsetAfter - offsetBefore);
        long allowed = 20_000_000L + childNanos / 2000;
        assertTrue(drift <= allowed, "wall clock moved by " + drift + " ns relative to the monotonic clock "
            + "(allowed " + allowed + ")");
        Matcher before = Pattern.compile("(?m)^remaining-slew-before (-?\\d+)$").matcher(out);
        Matcher after = Pattern.compile("(?m)^remaining-slew-after (-?\\d+)$").matcher(out);
        assertTrue(before.find() && after.find(), out);
        assertEquals(before.group(1), after.group(1), "the zero slew must not have replaced the slew remainder");
        assertEquals(statusBefore.status(), statusAfter.status(), "STA_* bits");
        assertEquals(statusBefore.frequencyPpm(), statusAfter.frequencyPpm(), "frequency");
        assertEquals(statusBefore.tickMicros(), statusAfter.tickMicros(), "tick");
        assertEquals(statusBefore.timeConstant(), statusAfter.timeConstant(), "time constant");
        System.out.println("wall-mono drift across the child: " + drift + " ns over " + childNanos / 1_000_000 + " ms");
    }
}
