package dev.tsq.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.wire.WireFormatException.Reason;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * At least one million random and mutated messages, from a fixed seed, through decodeRequest,
 * decodeResponse and validate: only typed rejections, no call that stays slow when re-run (see DecoderFuzzer). The
 * total time is printed, not asserted (a shared 2-core machine decides it, not the decoder).
 * Counts are printed (surefire keeps them in target/surefire-reports/dev.tsq.wire.DecoderFuzzTest-output.txt).
 */
class DecoderFuzzTest {
    static final long SEED = 0x7_5EED_F022L;
    static final long MESSAGES = 1_000_000L;

    @Test
    void aMillionMutatedMessagesGetOnlyTypedRejections() {
        DecoderFuzzer f = new DecoderFuzzer(Long.getLong("tsq.fuzz.seed", SEED));
        f.run(5_000); // warm-up, counted
        long t0 = System.nanoTime();
        f.run(MESSAGES);
        long nanos = System.nanoTime() - t0;
        System.out.println(f.report("fixed-seed fuzz (seed " + Long.toHexString(Long.getLong("tsq.fuzz.seed", SEED)) + ")", nanos));

        assertEquals(MESSAGES + 5_000, f.messages);
        // the mutations reach deep into the scanner: both directions accept some inputs, and most reasons occur
        assertTrue(f.requestAccepted > 10_000, "requests accepted: " + f.requestAccepted);
        assertTrue(f.responseAccepted > 10_000, "responses accepted: " + f.responseAccepted);
        Set<Reason> seen = EnumSet.noneOf(Reason.class);
        seen.addAll(f.requestReasons.keySet());
        seen.addAll(f.responseReasons.keySet());
        Set<Reason> expected = EnumSet.complementOf(EnumSet.of(Reason.BUFFER_TOO_SMALL, Reason.MESSAGE_TOO_LARGE));
        assertEquals(expected, seen, "reasons the fuzzer triggered");
    }
}
