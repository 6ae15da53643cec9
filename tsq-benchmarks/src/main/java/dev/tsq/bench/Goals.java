package dev.tsq.bench;

/**
 * The goals of issue 5, as pure functions of measured values (goals for us, not CI gates). A goal whose
 * inputs were not measured (NaN) is {@link Verdict#NOT_MEASURED}.
 */
public final class Goals {
    /** Datagram query RTT p50 at most this many times the UDP floor's p50. */
    public static final double DATAGRAM_FACTOR = 2.0;
    /** Stream query RTT p50 at most this many times the UDP floor's p50. */
    public static final double STREAM_FACTOR = 2.5;
    /** |offset error p50| at most this, microseconds. */
    public static final double OFFSET_P50_US = 5;
    /** Offset error p1 and p99 within +- this, microseconds. */
    public static final double OFFSET_TAIL_US = 50;
    /** Issue 12's tighter offset goal (warm, truth 0): |p50| at most this, microseconds. */
    public static final double EXACT_OFFSET_P50_US = 2;
    /** Issue 12's: p1 and p99 within +- this, microseconds. */
    public static final double EXACT_OFFSET_TAIL_US = 15;
    /** Issue 12's handshake goal: p50 at most this, microseconds. */
    public static final double HANDSHAKE_P50_US = 1000;
    /** One-shot sync p50 at most this, milliseconds. */
    public static final double SYNC_P50_MS = 10;
    /** Datagram queries per second at least this. */
    public static final double SERVER_QPS = 50_000;
    /** Bytes per operation below this count as zero (a stray allocation over millions of operations). */
    public static final double ZERO_BYTES_PER_OP = 0.01;

    /** PASS, MISS, or not measured. */
    public enum Verdict {
        PASS, MISS, NOT_MEASURED;

        public String label() {
            return this == NOT_MEASURED ? "n/a" : name();
        }

        static Verdict of(boolean ok) {
            return ok ? PASS : MISS;
        }
    }

    private Goals() {
    }

    private static boolean missing(double... values) {
        for (double v : values) {
            if (Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    /** {@code p50 <= factor * floorP50}. */
    public static Verdict withinFactor(double p50, double floorP50, double factor) {
        if (missing(p50, floorP50)) {
            return Verdict.NOT_MEASURED;
        }
        return Verdict.of(p50 <= factor * floorP50);
    }

    /** {@code |p50| <= 5 us} and {@code -50 us <= p1}, {@code p99 <= 50 us}. */
    public static Verdict offset(double p1Us, double p50Us, double p99Us) {
        if (missing(p1Us, p50Us, p99Us)) {
            return Verdict.NOT_MEASURED;
        }
        return Verdict.of(Math.abs(p50Us) <= OFFSET_P50_US && p1Us >= -OFFSET_TAIL_US && p99Us <= OFFSET_TAIL_US);
    }

    /** Issue 12's: {@code |p50| <= 2 us} and {@code -15 us <= p1}, {@code p99 <= 15 us}. */
    public static Verdict exactOffset(double p1Us, double p50Us, double p99Us) {
        if (missing(p1Us, p50Us, p99Us)) {
            return Verdict.NOT_MEASURED;
        }
        return Verdict.of(Math.abs(p50Us) <= EXACT_OFFSET_P50_US && p1Us >= -EXACT_OFFSET_TAIL_US
                && p99Us <= EXACT_OFFSET_TAIL_US);
    }

    public static Verdict sync(double p50Ms) {
        if (missing(p50Ms)) {
            return Verdict.NOT_MEASURED;
        }
        return Verdict.of(p50Ms <= SYNC_P50_MS);
    }

    /** At least 50,000/s, and not below chronyd's rate when that was measured (NaN: chronyd did not run). */
    public static Verdict throughput(double bestQps, double ntpQps) {
        if (missing(bestQps)) {
            return Verdict.NOT_MEASURED;
        }
        return Verdict.of(bestQps >= SERVER_QPS && (Double.isNaN(ntpQps) || bestQps >= ntpQps));
    }

    /** {@code value <= limit}; not measured when either is missing. */
    public static Verdict atMost(double value, double limit) {
        if (missing(value, limit)) {
            return Verdict.NOT_MEASURED;
        }
        return Verdict.of(value <= limit);
    }

    /** Every operation allocates (practically) nothing. */
    public static Verdict zeroAllocation(double maxBytesPerOp) {
        if (missing(maxBytesPerOp)) {
            return Verdict.NOT_MEASURED;
        }
        return Verdict.of(maxBytesPerOp < ZERO_BYTES_PER_OP);
    }
}
