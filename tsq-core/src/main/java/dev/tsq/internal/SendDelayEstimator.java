package dev.tsq.internal;

/**
 * A robust running estimate of a transport's own send path: the time from reading a timestamp that goes into a
 * packet (T3 on a server) to the moment the sealed packet is handed to the socket. QUIC encrypts the payload, so
 * a timestamp inside it must be read before the QUIC library frames and seals the packet; the estimate lets the
 * writer stamp the moment the packet will leave instead of the moment it was built.
 *
 * <p>A lead larger than the real path would put T3 after the packet left (a client could then see T3 after its
 * T4), so the estimate errs low: it follows a sample below it quickly (1/8 of the distance) and one above it
 * slowly (1/16 of the distance, at most {@link #MAX_RISE_NANOS}), which keeps it in the lower part of the recent
 * samples, and it drops at once when the path gets faster (a JIT-compiled path after a cold one). A stall (a GC
 * pause, a descheduled thread) raises it by {@link #MAX_RISE_NANOS} at most; samples beyond {@code maxNanos} are
 * ignored. It starts at 0 (no lead) and needs about a hundred samples to reach a typical send path of 10 µs.
 * Allocation-free; not thread-safe (one per event loop).
 */
public final class SendDelayEstimator {
    /** The most a sample above the estimate raises it, nanoseconds. */
    public static final long MAX_RISE_NANOS = 100;

    private final long maxNanos;
    private long estimate;
    private long samples;

    /**
     * @param maxNanos samples above this (or negative ones) are ignored; the estimate never exceeds it
     */
    public SendDelayEstimator(long maxNanos) {
        if (maxNanos <= 0) {
            throw new IllegalArgumentException("maxNanos: " + maxNanos + " (expected: > 0)");
        }
        this.maxNanos = maxNanos;
    }

    /**
     * One measured send path.
     *
     * @param nanos from the timestamp's reading to the socket write
     */
    public void record(long nanos) {
        if (nanos < 0 || nanos > maxNanos) {
            return;
        }
        long diff = nanos - estimate;
        estimate += diff < 0 ? diff / 8 : Math.min(MAX_RISE_NANOS, diff / 16);
        samples++;
    }

    /** The estimate now, nanoseconds (0 before the first sample). */
    public long estimateNanos() {
        return estimate;
    }

    /** How many samples were used. */
    public long samples() {
        return samples;
    }
}
