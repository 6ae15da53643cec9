package dev.tsq.bench;

import dev.tsq.exchange.ServerExchange;
import dev.tsq.exchange.TransportMode;
import dev.tsq.time.NtpTimestamp;
import dev.tsq.time.WallClock;
import dev.tsq.wire.MessageCodec;
import dev.tsq.wire.Nonce;
import dev.tsq.wire.TimeRequest;
import dev.tsq.wire.TimeResponse;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Bytes allocated per operation on the codec hot path, measured in this JVM with
 * {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)}: each operation runs {@code warmup}
 * times (so that the JIT has compiled it as it will run in a server), then {@code ops} times between two
 * readings of this thread's allocation counter.
 */
public final class CodecAllocation {

    /** One operation's result. */
    public record Result(String name, long ops, long bytes) {
        public double bytesPerOp() {
            return ops == 0 ? Double.NaN : (double) bytes / ops;
        }
    }

    private CodecAllocation() {
    }

    /** Whether this JVM can count allocated bytes per thread. */
    public static boolean supported() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return mx instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()
                && sun.isThreadAllocatedMemoryEnabled();
    }

    public static List<Result> measure(int warmup, int ops) {
        Nonce nonce = new Nonce(0x0102030405060708L, 0x090a0b0c0d0e0f10L);
        TimeRequest request = TimeRequest.of(nonce);
        long t = NtpTimestamp.fromEpochNanos(1_764_000_000_123_456_789L);
        TimeResponse response = TimeResponse.of(nonce, t, t + 1000);
        byte[] requestBytes = MessageCodec.encode(request);
        byte[] responseBytes = MessageCodec.encode(response);
        byte[] out = new byte[ServerExchange.MAX_MESSAGE_BYTES];
        long t2 = 1_764_000_000_000_000_000L;
        ServerExchange server = ServerExchange.builder().clock(WallClock.fixed(t2 + 1000)).build();

        List<Result> results = new ArrayList<>();
        results.add(run("encode request", warmup, ops, () -> MessageCodec.encode(request, out, 0)));
        results.add(run("encode response", warmup, ops, () -> MessageCodec.encode(response, out, 0)));
        results.add(run("validate request", warmup, ops, () -> {
            MessageCodec.validate(requestBytes, 0, requestBytes.length, false);
            return requestBytes.length;
        }));
        results.add(run("validate response", warmup, ops, () -> {
            MessageCodec.validate(responseBytes, 0, responseBytes.length, true);
            return responseBytes.length;
        }));
        results.add(run("ServerExchange.respond", warmup, ops, () ->
                server.respond(requestBytes, 0, requestBytes.length, t2, TransportMode.DATAGRAM, out, 0)));
        return results;
    }

    private static volatile int sink;

    static Result run(String name, int warmup, int ops, IntSupplier op) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        int acc = 0;
        for (int i = 0; i < warmup; i++) {
            acc += op.getAsInt();
        }
        // Calibrate: what reading the counter twice costs, so that it is not charged to the operation.
        long c0 = mx.getThreadAllocatedBytes(id);
        long c1 = mx.getThreadAllocatedBytes(id);
        long overhead = c1 - c0;
        long before = mx.getThreadAllocatedBytes(id);
        for (int i = 0; i < ops; i++) {
            acc += op.getAsInt();
        }
        long after = mx.getThreadAllocatedBytes(id);
        sink = acc;
        return new Result(name, ops, Math.max(0, after - before - overhead));
    }
}
