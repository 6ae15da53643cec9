package dev.tsq.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The small pieces of {@code tsq bench}, each run in-process in well under a second; nothing here is timed. */
class BenchPiecesTest {

    @Test
    void optionsSkipTheLaunchersSubcommandAndRefuseUnknownFlags() {
        assertEquals(new BenchMain.Options(true, true, false), BenchMain.Options.parse("bench", "--quick", "--json"));
        assertEquals(new BenchMain.Options(false, false, false), BenchMain.Options.parse());
        assertEquals(new BenchMain.Options(false, false, true), BenchMain.Options.parse("-h"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchMain.Options.parse("--fast"));
        assertTrue(e.getMessage().contains("--fast"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenchMain.Options.parse("--quick", "bench"));
    }

    @Test
    void loadTakesItsSecondsAndChecksThem() {
        assertEquals(new BenchMain.Options(false, true, false, 60), BenchMain.Options.parse("bench", "--load", "60", "--json"));
        assertEquals(0, BenchMain.Options.parse("--quick").loadSeconds());
        assertEquals("--load: missing SECONDS (expected: 1-86400)",
                assertThrows(IllegalArgumentException.class, () -> BenchMain.Options.parse("--load")).getMessage());
        assertEquals("--load: 0 (expected: 1-86400)",
                assertThrows(IllegalArgumentException.class, () -> BenchMain.Options.parse("--load", "0")).getMessage());
        assertEquals("--load: ten (expected: 1-86400)",
                assertThrows(IllegalArgumentException.class, () -> BenchMain.Options.parse("--load", "ten")).getMessage());
    }

    @Test
    void rssIsReadFromProcStatus() {
        long self = LoadBench.rssKib(ProcessHandle.current().pid());
        assertTrue(self > 1000, "this JVM's VmRSS in KiB: " + self);
        assertEquals(-1, LoadBench.rssKib(Long.MAX_VALUE));
    }

    @Test
    void quickSizesAreSmallerAndKeepAtLeastTwentySyncRuns() {
        BenchMain.Sizes quick = BenchMain.Sizes.of(true);
        BenchMain.Sizes full = BenchMain.Sizes.of(false);
        assertTrue(quick.syncCount() >= 20);
        assertTrue(full.syncCount() >= quick.syncCount());
        assertTrue(quick.floorCount() < full.floorCount());
        assertTrue(quick.loadMeasureMillis() < full.loadMeasureMillis());
    }

    @Test
    void tableAlignsColumnsAndShowsVerdicts() {
        Table t = new Table()
                .add("short", "1.0 us", "2.0 us", "n=1", "goal", Goals.Verdict.PASS)
                .add("a much longer label", "10.0 us", "20.0 us", "", "", null);
        String[] lines = t.render().split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith("measurement"));
        assertTrue(lines[1].matches(".*goal +PASS +n=1"), lines[1]);
        // the p50 column is right-aligned: both values end at the same position
        assertEquals(lines[1].indexOf("1.0 us") + "1.0 us".length(), lines[2].indexOf("10.0 us") + "10.0 us".length());
        assertEquals("12.3 us", Table.us(12.34));
        assertEquals("+1.5 us", Table.signedUs(1.5));
        assertEquals("52,310/s", Table.rate(52_310.4));
        assertEquals("-", Fmt.ms(Double.NaN, 2));
    }

    @Test
    void udpFloorEchoesEighteenBytes() throws Exception {
        long[] rtt = UdpFloor.measure(5, 20);
        assertEquals(20, rtt.length);
        for (long r : rtt) {
            assertTrue(r > 0, "round trip " + r);
        }
    }

    @Test
    void codecAllocationSeesAnAllocationAndNoneWhereThereIsNone() {
        org.junit.jupiter.api.Assumptions.assumeTrue(CodecAllocation.supported(),
            "not a HotSpot JVM with allocation counting: skipping the allocation check");
        Object[] sink = new Object[1];
        CodecAllocation.Result allocating = CodecAllocation.run("allocating", 1_000, 10_000, () -> {
            sink[0] = new long[4]; // escapes into the array: the JIT cannot remove it
            return 1;
        });
        assertTrue(allocating.bytesPerOp() >= 32, "bytes/op " + allocating.bytesPerOp());
        List<CodecAllocation.Result> codec = CodecAllocation.measure(20_000, 20_000);
        assertEquals(5, codec.size());
        for (CodecAllocation.Result r : codec) {
            assertEquals(20_000, r.ops());
            assertTrue(r.bytes() >= 0);
        }
    }

    @Test
    void schedstatLinesAndThisProcess() {
        long[] v = ProcessCpu.parse("123456 7890 42\n");
        assertEquals(123456, v[0]);
        assertEquals(7890, v[1]);
        assertThrows(IllegalArgumentException.class, () -> ProcessCpu.parse("5"));
        ProcessCpu a = new ProcessCpu(100_000, 10_000);
        ProcessCpu b = new ProcessCpu(2_600_000, 60_000);
        assertEquals(new ProcessCpu(2_500_000, 50_000), b.since(a));
        assertEquals(25.0, BenchMain.cpuPerQuery(a, b, 100), 1e-9); // 2.5 ms of CPU over 100 queries
        assertEquals(50_000.0 / 2_550_000, BenchMain.waitShare(a, b), 1e-9);
        assertTrue(Double.isNaN(BenchMain.cpuPerQuery(null, b, 1)));
        if (System.getProperty("os.name").startsWith("Linux")) {
            ProcessCpu self = ProcessCpu.self();
            assertNotNull(self);
            assertTrue(self.onCpuNanos() > 0);
            assertFalse(Double.isNaN(ProcessCpu.loadAverage()));
        }
    }
}
