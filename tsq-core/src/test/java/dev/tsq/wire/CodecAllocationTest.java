package dev.tsq.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Allocation claims of MessageCodec, measured with the JVM's per-thread allocation counter: validate() of a
 * valid message allocates nothing, encode into a caller's array allocates nothing for ASCII text, and decode
 * allocates in proportion to the input (at most 40 bytes per input byte plus 4 KiB; Metadata dominates).
 */
class CodecAllocationTest {
    /**
     * {@code com.sun.management.ThreadMXBean.getCurrentThreadAllocatedBytes()} bound to the platform bean, or null.
     * Looked up reflectively: the tests compile inside module dev.tsq.core, which does not read java.management.
     */
    private static final MethodHandle ALLOCATED = allocatedBytesHandle();

    private static MethodHandle allocatedBytesHandle() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Class<?> api = Class.forName("com.sun.management.ThreadMXBean");
            if (!api.isInstance(bean) || !(Boolean) api.getMethod("isThreadAllocatedMemoryEnabled").invoke(bean)) {
                return null;
            }
            return MethodHandles.publicLookup().findVirtual(api, "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class))
                    .bindTo(bean);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static long allocated() {
        try {
            return (long) ALLOCATED.invokeExact();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static byte[][] asciiMessages(int n) {
        SplittableRandom r = new SplittableRandom(11);
        byte[][] m = new byte[n][];
        for (int i = 0; i < n; i++) {
            TimeResponse t = new TimeResponse(WireGen.nonce(r), r.nextLong(), r.nextLong(), r.nextBoolean(),
                    new ClockQuality(1, 2, 3, "gpsdo"), new TimeSourceInfo(1, 1, "ntp.example.com"), Metadata.of("site", "us-east"),
                    java.util.List.of(new UnknownTlv(9, new byte[3])), WireGen.padding(r), new SignatureBlock(1, 1, new byte[64]));
            m[i] = MessageCodec.encode(t);
        }
        return m;
    }

    @Test
    void validatingValidMessagesAllocatesNothing() {
        assumeTrue(ALLOCATED != null, "no per-thread allocation counter in this JVM");
        byte[][] m = asciiMessages(64);
        for (int i = 0; i < 50_000; i++) { // warm up (JIT)
            MessageCodec.validate(m[i & 63], 0, m[i & 63].length, true);
        }
        long before = allocated();
        for (int i = 0; i < 100_000; i++) {
            MessageCodec.validate(m[i & 63], 0, m[i & 63].length, true);
        }
        long bytes = allocated() - before;
        assertTrue(bytes < 4096, "100000 validations allocated " + bytes + " bytes");
    }

    @Test
    void encodingAsciiMessagesIntoACallersArrayAllocatesNothing() {
        assumeTrue(ALLOCATED != null, "no per-thread allocation counter in this JVM");
        byte[][] m = asciiMessages(64);
        Response[] values = new Response[64];
        for (int i = 0; i < 64; i++) {
            values[i] = MessageCodec.decodeResponse(m[i]);
        }
        byte[] out = new byte[2048];
        for (int i = 0; i < 50_000; i++) {
            MessageCodec.encode(values[i & 63], out, 3);
        }
        long before = allocated();
        for (int i = 0; i < 100_000; i++) {
            MessageCodec.encode(values[i & 63], out, 3);
        }
        long bytes = allocated() - before;
        assertTrue(bytes < 4096, "100000 encodings allocated " + bytes + " bytes");
    }

    @Test
    void decodingAllocatesInProportionToTheInput() {
        assumeTrue(ALLOCATED != null, "no per-thread allocation counter in this JVM");
        DecoderFuzzer f = new DecoderFuzzer(5);
        f.run(20_000); // warm up: class initialisation and JIT allocate on first use
        long worst = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = f.mutate(DecoderFuzzer.Kind.values()[i % DecoderFuzzer.Kind.values().length]);
            for (boolean response : new boolean[] {false, true}) {
                // the least of three runs: the first run of a call site may bootstrap (e.g. string concatenation)
                long used = Long.MAX_VALUE;
                for (int k = 0; k < 3; k++) {
                    long a = allocated();
                    try {
                        if (response) {
                            MessageCodec.decodeResponse(b);
                        } else {
                            MessageCodec.decodeRequest(b);
                        }
                    } catch (WireFormatException e) {
                        // rejected: counts as well
                    }
                    used = Math.min(used, allocated() - a);
                }
                worst = Math.max(worst, (used - 4096) / Math.max(1, b.length));
                assertTrue(used <= 40L * b.length + 4096, "decoding " + b.length + " bytes allocated " + used + " bytes: " + Tlvs.shortHex(b));
            }
        }
        System.out.println("decode allocation: at most " + worst + " bytes per input byte beyond 4 KiB");
    }
}
