package dev.tsq.clock.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tsq.clock.linux.internal.TimexConstants;
import dev.tsq.clock.linux.testsupport.Tools;
import dev.tsq.spi.ClockAdjustmentException;
import dev.tsq.spi.ClockPermissionException;
import dev.tsq.spi.ClockStatus;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read-only status (adjtimex modes 0) of this machine, compared with independent readers of the same kernel
 * state: the {@code adjtimex --print} tool and, when gcc exists, a tiny C program. Every value is bracketed by a
 * read just before and one just after the other reader, so a value that moves between reads cannot cause a false
 * failure, while a wrong unit or offset in our struct would.
 */
class StatusAgreesWithKernelTest {

    private static LinuxClockAdjuster adjuster;

    @BeforeAll
    static void linuxOnly() {
        LinuxClockAdjusterProvider provider = new LinuxClockAdjusterProvider();
        assumeTrue(provider.isAvailable(), "not Linux x86-64/aarch64 with a loadable libc");
        adjuster = (LinuxClockAdjuster) provider.create();
    }

    private static final Pattern FIELD = Pattern.compile("^\\s*([a-z_ ]+?):\\s+(-?\\d+)\\s*$");
    private static final Pattern RETURN = Pattern.compile("return value = (-?\\d+)");

    static Map<String, Long> parseAdjtimexPrint(String out) {
        Map<String, Long> m = new HashMap<>();
        for (String line : out.split("\n")) {
            Matcher f = FIELD.matcher(line);
            if (f.matches()) {
                m.put(f.group(1).trim(), Long.parseLong(f.group(2)));
            }
            Matcher r = RETURN.matcher(line);
            if (r.find()) {
                m.put("return value", Long.parseLong(r.group(1)));
            }
        }
        return m;
    }

    private static void assertBracketed(String what, long before, long actual, long after) {
        assertTrue(actual >= Math.min(before, after) && actual <= Math.max(before, after),
            what + ": " + actual + " not within our reads " + before + " .. " + after);
    }

    private static void assertOneOf(String what, long before, long actual, long after) {
        assertTrue(actual == before || actual == after,
            what + ": " + actual + " differs from our reads " + before + " / " + after);
    }

    @Test
    void parserReadsTheToolsFormat() {
        Map<String, Long> m = parseAdjtimexPrint("         mode: 0\n       offset: -12\n    frequency: 65536\n"
            + "       status: 8193\ntime_constant: 2\n     raw time:  1795720178s 433824us = 1795720178.433824\n"
            + " return value = 5\n");
        assertEquals(0L, m.get("mode"));
        assertEquals(-12L, m.get("offset"));
        assertEquals(65536L, m.get("frequency"));
        assertEquals(8193L, m.get("status"));
        assertEquals(2L, m.get("time_constant"));
        assertEquals(5L, m.get("return value"));
        assertFalse(m.containsKey("raw time"));
    }

    @Test
    void statusAgreesWithAdjtimexPrint() throws Exception {
        Path tool = Tools.find("adjtimex").orElse(null);
        assumeTrue(tool != null, "the adjtimex binary (Debian package adjtimex) is not installed: "
            + "skipping the comparison of our status with `adjtimex --print`");
        long t0 = System.nanoTime();
        ClockStatus before = adjuster.status();
        Tools.Run run = Tools.run(tool.toString(), "--print");
        ClockStatus after = adjuster.status();
        long elapsedSeconds = (System.nanoTime() - t0) / 1_000_000_000L + 1;

        assertEquals(0, run.exitCode(), run.stderr());
        Map<String, Long> k = parseAdjtimexPrint(run.stdout());
        assertEquals(0L, k.get("mode"), "adjtimex --print must make a read-only call:\n" + run.stdout());

        long status = k.get("status");
        assertOneOf("status flags", before.status(), status, after.status());
        assertOneOf("tick", before.tickMicros(), k.get("tick"), after.tickMicros());
        assertOneOf("time constant", before.timeConstant(), k.get("time_constant"), after.timeConstant());
        assertOneOf("clock state (return value)", before.clockState(), k.get("return value"), after.clockState());
        // frequency: the tool prints raw scaled ppm; ours is ppm, exact after * 65536
        assertOneOf("frequency (scaled ppm)", Math.round(before.frequencyPpm() * 65536), k.get("frequency"),
            Math.round(after.frequencyPpm() * 65536));
        // offset: the tool prints raw units (ns with STA_NANO, else us); ours is always ns
        long toolOffsetNanos = (status & TimexConstants.STA_NANO) != 0 ? k.get("offset") : k.get("offset") * 1000;
        boolean pllIdle = (before.status() & TimexConstants.STA_PLL) == 0 && before.offsetNanos() == 0
            && after.offsetNanos() == 0;
        if (pllIdle) {
            assertEquals(0, toolOffsetNanos, "offset with no PLL adjustment in progress");
        } else {
            assertBracketed("offset ns (PLL adjustment in progress)", before.offsetNanos(), toolOffsetNanos,
                after.offsetNanos());
        }
        // maxerror grows by 500 us per second until it reaches 16 s; allow that growth over the elapsed time
        long tolerance = 500 * (elapsedSeconds + 1);
        assertTrue(Math.abs(k.get("maxerror") - before.maxErrorMicros()) <= tolerance,
            "maxerror " + k.get("maxerror") + " vs ours " + before.maxErrorMicros() + " (tolerance " + tolerance + ")");
        assertOneOf("esterror", before.estErrorMicros(), k.get("esterror"), after.estErrorMicros());
        System.out.println("adjtimex --print agreed with " + before + " flags=" + before.flags()
            + " state=" + before.clockStateName());
    }

    @Test
    void statusAgreesWithACProgramIncludingTai(@TempDir Path dir) throws Exception {
        Path gcc = Tools.find("gcc").orElse(null);
        assumeTrue(gcc != null, "gcc is not installed: skipping the C cross-check of the status read "
            + "(the only independent reader of timex.tai here, since adjtimex --print does not show it)");
        Path probe = Tools.compileTimexProbe(gcc, dir);
        ClockStatus before = adjuster.status();
        Tools.Run run = Tools.run(probe.toString(), "status");
        ClockStatus after = adjuster.status();
        assertEquals(0, run.exitCode(), run.stderr());
        Map<String, Long> c = Tools.keyValues(run.stdout());
        assertOneOf("tai", before.taiOffsetSeconds(), c.get("tai"), after.taiOffsetSeconds());
        assertOneOf("status", before.status(), c.get("status"), after.status());
        assertOneOf("tick", before.tickMicros(), c.get("tick"), after.tickMicros());
        assertOneOf("constant", before.timeConstant(), c.get("constant"), after.timeConstant());
        assertOneOf("return", before.clockState(), c.get("return"), after.clockState());
        assertOneOf("freq", Math.round(before.frequencyPpm() * 65536), c.get("freq"),
            Math.round(after.frequencyPpm() * 65536));
        assertOneOf("esterror", before.estErrorMicros(), c.get("esterror"), after.estErrorMicros());
        assertTrue(Math.abs(c.get("maxerror") - before.maxErrorMicros()) <= 5_000, "maxerror " + c + " " + before);
    }

    /**
     * {@link LinuxClockAdjuster#frequencyPpm()} (modes 0) is the kernel's whole frequency correction: the C
     * program's freq and tick, combined by the kernel's definition (tick - 10000) * 100 + freq / 65536, equal one of
     * our reads just before and after; and so do those of {@code adjtimex --print} where the tool is installed.
     */
    @Test
    void frequencyAgreesWithTheKernelReadByOthers(@TempDir Path dir) throws Exception {
        Path gcc = Tools.find("gcc").orElse(null);
        Path tool = Tools.find("adjtimex").orElse(null);
        assumeTrue(gcc != null || tool != null, "neither gcc nor the adjtimex tool is installed: no independent "
            + "reader of the kernel frequency");
        int compared = 0;
        if (gcc != null) {
            Path probe = Tools.compileTimexProbe(gcc, dir);
            double before = adjuster.frequencyPpm();
            Tools.Run run = Tools.run(probe.toString(), "status");
            double after = adjuster.frequencyPpm();
            assertEquals(0, run.exitCode(), run.stderr());
            Map<String, Long> c = Tools.keyValues(run.stdout());
            double theirs = (c.get("tick") - 10_000) * 100.0 + c.get("freq") / 65536.0;
            assertTrue(theirs == before || theirs == after, "C probe: tick " + c.get("tick") + " freq "
                + c.get("freq") + " = " + theirs + " ppm; ours " + before + " / " + after);
            System.out.println("frequency " + before + " ppm agrees with the C probe (tick " + c.get("tick")
                + ", freq " + c.get("freq") + ")");
            compared++;
        }
        if (tool != null) {
            double before = adjuster.frequencyPpm();
            Tools.Run run = Tools.run(tool.toString(), "--print");
            double after = adjuster.frequencyPpm();
            Map<String, Long> k = parseAdjtimexPrint(run.stdout());
            assertEquals(0L, k.get("mode"), "adjtimex --print must make a read-only call:\n" + run.stdout());
            double theirs = (k.get("tick") - 10_000) * 100.0 + k.get("frequency") / 65536.0;
            assertTrue(theirs == before || theirs == after, "adjtimex --print: " + theirs + "; ours " + before
                + " / " + after);
            compared++;
        }
        assertTrue(compared > 0);
    }

    @Test
    void statusIsPlausible() {
        ClockStatus s = adjuster.status();
        assertTrue(s.tickMicros() >= 9000 && s.tickMicros() <= 11000, "tick " + s.tickMicros() + " (USER_HZ 100 +-10%)");
        assertTrue(s.clockState() >= 0 && s.clockState() <= 5, "state " + s.clockState());
        assertTrue(Math.abs(s.frequencyPpm()) <= 500, "frequency " + s.frequencyPpm());
        assertTrue(s.maxErrorMicros() >= 0 && s.maxErrorMicros() <= 16_000_000, "maxerror " + s.maxErrorMicros());
    }

    @Test
    void invalidClockIdGivesEinvalWithoutChangingAnything() {
        // clock_adjtime with modes = 0 only reads, whatever the clock; an id past the last POSIX clock is EINVAL.
        ClockAdjustmentException e = assertThrows(ClockAdjustmentException.class, () -> adjuster.status(12_345));
        assertFalse(e instanceof ClockPermissionException);
        assertEquals(22, e.errno());
        assertEquals("EINVAL", e.errnoName());
        assertEquals("clock_adjtime(clock 12345, modes=0) failed with EINVAL (Invalid argument)", e.getMessage());
    }
}
