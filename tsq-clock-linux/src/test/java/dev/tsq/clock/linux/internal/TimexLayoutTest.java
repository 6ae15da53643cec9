package dev.tsq.clock.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tsq.clock.linux.testsupport.Tools;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** struct timex must match the LP64 kernel/glibc ABI byte for byte. */
class TimexLayoutTest {

    /** C field name -> (Java field, expected offset on x86-64/aarch64 glibc). */
    static final Map<String, Object[]> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("modes", new Object[] {"modes", 0});
        FIELDS.put("offset", new Object[] {"offset", 8});
        FIELDS.put("freq", new Object[] {"freq", 16});
        FIELDS.put("maxerror", new Object[] {"maxerror", 24});
        FIELDS.put("esterror", new Object[] {"esterror", 32});
        FIELDS.put("status", new Object[] {"status", 40});
        FIELDS.put("constant", new Object[] {"constant", 48});
        FIELDS.put("precision", new Object[] {"precision", 56});
        FIELDS.put("tolerance", new Object[] {"tolerance", 64});
        FIELDS.put("time.tv_sec", new Object[] {"timeSec", 72});
        FIELDS.put("time.tv_usec", new Object[] {"timeUsec", 80});
        FIELDS.put("tick", new Object[] {"tick", 88});
        FIELDS.put("ppsfreq", new Object[] {"ppsfreq", 96});
        FIELDS.put("jitter", new Object[] {"jitter", 104});
        FIELDS.put("shift", new Object[] {"shift", 112});
        FIELDS.put("stabil", new Object[] {"stabil", 120});
        FIELDS.put("jitcnt", new Object[] {"jitcnt", 128});
        FIELDS.put("calcnt", new Object[] {"calcnt", 136});
        FIELDS.put("errcnt", new Object[] {"errcnt", 144});
        FIELDS.put("stbcnt", new Object[] {"stbcnt", 152});
        FIELDS.put("tai", new Object[] {"tai", 160});
    }

    @Test
    void sizeIs208() {
        assertEquals(208, new Timex().size());
        assertEquals(Timex.SIZE, new Timex().size());
    }

    @Test
    void everyFieldOffsetMatchesTheAbi() {
        Timex t = new Timex();
        for (Map.Entry<String, Object[]> e : FIELDS.entrySet()) {
            assertEquals((int) e.getValue()[1], t.offsetOf((String) e.getValue()[0]), e.getKey());
        }
        // the explicit padding and the eleven trailing reserved ints
        assertEquals(4, t.offsetOf("pad0"));
        assertEquals(44, t.offsetOf("pad1"));
        assertEquals(116, t.offsetOf("pad2"));
        assertEquals(164, t.offsetOf("reserved"));
        assertEquals(11, t.reserved.length);
        assertEquals(208, 164 + 11 * 4);
    }

    @Test
    void timevalAndTimespecAreTwoLongs() {
        assertEquals(16, new Timeval().size());
        assertEquals(16, new Timespec().size());
    }

    @Test
    void argsAreCopiedIntoTheFieldsTheKernelReads() {
        Timex t = Timex.of(new TimexArgs(0x2100, 7, 0x40, -2, 500_000_000));
        t.write();
        com.sun.jna.Pointer p = t.getPointer();
        assertEquals(0x2100, p.getInt(0));
        assertEquals(7L, p.getLong(8));
        assertEquals(0x40, p.getInt(40));
        assertEquals(-2L, p.getLong(72));
        assertEquals(500_000_000L, p.getLong(80));
        // everything else zero, including the reserved tail
        for (int off = 164; off < 208; off += 4) {
            assertEquals(0, p.getInt(off), "reserved at " + off);
        }
    }

    @Test
    void layoutAgreesWithGccWhenGccExists(@TempDir Path dir) throws Exception {
        Path gcc = Tools.find("gcc").orElse(null);
        assumeTrue(gcc != null, "gcc is not installed: skipping the C cross-check of struct timex "
            + "(the hard-coded ABI offsets are still checked by everyFieldOffsetMatchesTheAbi)");
        Path probe = Tools.compileTimexProbe(gcc, dir);
        Map<String, Long> c = Tools.keyValues(Tools.run(probe.toString(), "layout").stdout());
        assertEquals(208L, c.get("sizeof"), "sizeof(struct timex) from gcc");
        Timex t = new Timex();
        assertEquals(c.get("sizeof").intValue(), t.size());
        for (Map.Entry<String, Object[]> e : FIELDS.entrySet()) {
            Long cOffset = c.get(e.getKey());
            assertEquals(cOffset.intValue(), t.offsetOf((String) e.getValue()[0]), "offsetof " + e.getKey());
        }
        assertEquals(FIELDS.size() + 1, c.size(), "every probed field compared");
    }
}
