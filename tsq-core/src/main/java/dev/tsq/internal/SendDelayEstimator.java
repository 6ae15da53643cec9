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
 * samples, it drops quickly when the path gets faster (a JIT-compiled path after a cold one), and it never
 * exceeds the fastest of the latest {@value #RECENT} samples. A stall (a GC
 * pause, a descheduled thread) raises it by {@link #MAX_RISE_NANOS} at most; samples beyond {@code maxNanos} are
 * ignored. It starts at 0 (no lead) and needs about a hundred samples to reach a typical send path of 10 µs.
 * Allocation-free; not thread-safe (one per event loop).
 */
public final class SendDelayEstimator {
    /** The most a sample above the estimate raises it, nanoseconds. */
    public static final long MAX_RISE_NANOS = 100;

    /** The estimate never exceeds the fastest of this many latest samples. */
    static final int RECENT = 8;

    private final long maxNanos;
    private final long[] recent = new long[RECENT];
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
        recent[(int) (samples % RECENT)] = nanos;
        samples++;
    }

    /**
     * The estimate now, nanoseconds (0 before the first sample): the running estimate, but never more than the
     * fastest of the latest {@value #RECENT} samples, so a path that just got faster (a cold path compiled)
     * cannot carry T3 past the departure while the estimate comes down.
     */
    public long estimateNanos() {
        if (samples == 0) {
            return 0;
        }
        long min = Long.MAX_VALUE;
        int n = (int) Math.min(samples, RECENT);
        for (int i = 0; i < n; i++) {
            min = Math.min(min, recent[i]);
        }
        return Math.min(estimate, min);
    }

    /** How many samples were used. */
    public long samples() {
        return samples;
    }
}
