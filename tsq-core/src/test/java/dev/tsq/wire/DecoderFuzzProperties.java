package dev.tsq.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * The fuzzer with a fresh seed on every run (fewer messages than {@link DecoderFuzzTest}), so that CI keeps
 * exploring new inputs. The seed is printed and is part of any failure message; re-run a failure with
 * {@code -Dtsq.fuzz.seed=<seed>}.
 */
class DecoderFuzzProperties {

    @Test
    void freshSeedFuzzGetsOnlyTypedRejections() {
        Long fixed = Long.getLong("tsq.fuzz.seed");
        long seed = fixed != null ? fixed : new SecureRandom().nextLong();
        DecoderFuzzer f = new DecoderFuzzer(seed);
        long t0 = System.nanoTime();
        try {
            f.run(100_000);
        } catch (AssertionError e) {
            throw new AssertionError("fuzz seed " + seed + " (re-run with -Dtsq.fuzz.seed=" + seed + "): " + e.getMessage(), e);
        }
        System.out.println(f.report("fresh-seed fuzz (seed " + seed + ")", System.nanoTime() - t0));
        assertEquals(100_000, f.messages);
    }
}
