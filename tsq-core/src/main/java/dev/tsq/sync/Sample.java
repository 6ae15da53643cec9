package dev.tsq.sync;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A validated exchange: four consistent timestamps and the offset and delay they imply.
 *
 * <p>Definitions (draft section 4, with the draft's RTT called delay here):
 * <pre>
 *   delay  = (T4 - T1) - (T3 - T2)
 *   offset = ((T2 - T1) + (T3 - T4)) / 2      rounded towards negative infinity (Math.floorDiv)
 * </pre>
 * The offset is computed as the algebraically identical {@code (T2 - T1) - ceil(delay / 2)}, which
 * needs one subtraction less and so overflows in fewer cases. {@code (T2 - T1) + (T3 - T4)} and
 * {@code delay} always have the same parity, so the rounding loses half a nanosecond exactly when
 * the delay is odd, and the correctness interval {@code offset +- ceil(delay / 2)} always contains
 * the exact midpoint.
 *
 * <p>Sign: the offset is {@code server - client}; positive means the server is ahead and is the
 * correction to add to the client's clock. If the path delays are {@code d1} (out) and {@code d2}
 * (back) and the true offset is {@code theta}, then {@code offset = theta + floorDiv(d1 - d2, 2)}:
 * path asymmetry is the only error, and it is at most {@code delay / 2}.
 *
 * <p>The canonical constructor verifies that the offset and delay are the ones the timestamps
 * imply and that no anomaly other than {@link Anomaly#OFFSET_BEYOND_BOUND} (which depends on a
 * deployment bound) is present; it throws {@link IllegalArgumentException} otherwise. Use
 * {@link #measure} for untrusted timestamps: it never throws for any four {@code long}s.
 *
 * @param t1          client transmit time (client clock), epoch nanoseconds
 * @param t2          server receive time (server clock), epoch nanoseconds
 * @param t3          server transmit time (server clock), epoch nanoseconds
 * @param t4          client receive time (client clock), epoch nanoseconds
 * @param offsetNanos server - client, nanoseconds (see above)
 * @param delayNanos  round-trip network delay excluding server processing, nanoseconds, always &gt; 0
 */
public record Sample(long t1, long t2, long t3, long t4, long offsetNanos, long delayNanos)
        implements Measurement {

    /**
     * A sample whose offset and delay are checked against its timestamps.
     *
     * @param t1          client transmit time (client clock), epoch nanoseconds
     * @param t2          server receive time (server clock), epoch nanoseconds
     * @param t3          server transmit time (server clock), epoch nanoseconds
     * @param t4          client receive time (client clock), epoch nanoseconds
     * @param offsetNanos server - client, nanoseconds (see above)
     * @param delayNanos  round-trip network delay excluding server processing, nanoseconds, always &gt; 0
     * @throws IllegalArgumentException when the timestamps show an anomaly or the offset or delay is not theirs
     */
    public Sample {
        RejectedSample anomaly = anomalyOf(t1, t2, t3, t4, null);
        if (anomaly != null) {
            throw new IllegalArgumentException("timestamps: " + anomaly.anomaly() + ": " + anomaly.detail());
        }
        long expectedDelay = delayOf(t1, t2, t3, t4);
        long expectedOffset = offsetOf(t1, t2, expectedDelay);
        if (expectedOffset != offsetNanos) {
            throw new IllegalArgumentException("offsetNanos: " + offsetNanos + " (expected: "
                    + expectedOffset + " = ((T2 - T1) + (T3 - T4)) / 2, floored)");
        }
        if (expectedDelay != delayNanos) {
            throw new IllegalArgumentException("delayNanos: " + delayNanos + " (expected: "
                    + expectedDelay + " = (T4 - T1) - (T3 - T2))");
        }
    }

    /**
     * Measures one exchange and applies the draft section 6.6 anomaly checks. Never throws for bad
     * timestamps; all arithmetic is overflow-checked.
     *
     * <p>Checking order, first failure wins:
     * <ol>
     *   <li>{@link Anomaly#CLIENT_TIME_REVERSED}: {@code T4 < T1};</li>
     *   <li>{@link Anomaly#SERVER_TIME_REVERSED}: {@code T3 < T2};</li>
     *   <li>{@link Anomaly#NON_POSITIVE_DELAY}: {@code (T4 - T1) - (T3 - T2) <= 0}. Both spans are
     *       non-negative after the checks above and are compared exactly (as unsigned 64-bit values),
     *       so this check itself cannot overflow; {@link Anomaly#ARITHMETIC_OVERFLOW} is reported here
     *       if the positive delay exceeds {@code Long.MAX_VALUE};</li>
     *   <li>{@link Anomaly#ARITHMETIC_OVERFLOW} if {@code T2 - T1} or the offset does not fit in a
     *       {@code long};</li>
     *   <li>{@link Anomaly#OFFSET_BEYOND_BOUND}: {@code |offset| > bounds.maxAbsOffsetNanos()}
     *       (exactly at the bound is accepted).</li>
     * </ol>
     *
     * @return a {@link Sample}, or a {@link RejectedSample} naming the first anomaly found
     * @throws NullPointerException if {@code bounds} is null
     * @param t1 client transmit time (client clock), epoch nanoseconds
     * @param t2 server receive time (server clock), epoch nanoseconds
     * @param t3 server transmit time (server clock), epoch nanoseconds
     * @param t4 client receive time (client clock), epoch nanoseconds
     * @param bounds the plausibility bounds
     */
    public static Measurement measure(long t1, long t2, long t3, long t4, AnomalyBounds bounds) {
        Objects.requireNonNull(bounds, "bounds");
        RejectedSample anomaly = anomalyOf(t1, t2, t3, t4, bounds);
        if (anomaly != null) {
            return anomaly;
        }
        long delay = delayOf(t1, t2, t3, t4);
        return new Sample(t1, t2, t3, t4, offsetOf(t1, t2, delay), delay);
    }

    /**
     * {@link #measure} with {@link AnomalyBounds#DEFAULT} (24 h).
     *
     * @param t1 client transmit time (client clock), epoch nanoseconds
     * @param t2 server receive time (server clock), epoch nanoseconds
     * @param t3 server transmit time (server clock), epoch nanoseconds
     * @param t4 client receive time (client clock), epoch nanoseconds
     * @return a {@link Sample}, or a {@link RejectedSample} naming the first anomaly found
     */
    public static Measurement measure(long t1, long t2, long t3, long t4) {
        return measure(t1, t2, t3, t4, AnomalyBounds.DEFAULT);
    }

    /**
     * Like {@link #measure(long, long, long, long, AnomalyBounds)} but for timestamps known to be
     * good (tests, simulations): throws instead of returning a {@link RejectedSample}.
     *
     * @throws IllegalArgumentException naming the anomaly, if there is one
     * @param t1 client transmit time (client clock), epoch nanoseconds
     * @param t2 server receive time (server clock), epoch nanoseconds
     * @param t3 server transmit time (server clock), epoch nanoseconds
     * @param t4 client receive time (client clock), epoch nanoseconds
     * @param bounds the plausibility bounds
     * @return the sample
     */
    public static Sample of(long t1, long t2, long t3, long t4, AnomalyBounds bounds) {
        Measurement m = measure(t1, t2, t3, t4, bounds);
        if (m instanceof RejectedSample rejected) {
            throw new IllegalArgumentException("timestamps: " + rejected.anomaly() + ": " + rejected.detail());
        }
        return (Sample) m;
    }

    /**
     * {@link #of(long, long, long, long, AnomalyBounds)} with {@link AnomalyBounds#DEFAULT}.
     *
     * @param t1 client transmit time (client clock), epoch nanoseconds
     * @param t2 server receive time (server clock), epoch nanoseconds
     * @param t3 server transmit time (server clock), epoch nanoseconds
     * @param t4 client receive time (client clock), epoch nanoseconds
     * @return the sample
     * @throws IllegalArgumentException naming the anomaly, if there is one
     */
    public static Sample of(long t1, long t2, long t3, long t4) {
        return of(t1, t2, t3, t4, AnomalyBounds.DEFAULT);
    }

    /**
     * Builds the sample of an exchange sent at {@code t1} that measured exactly {@code offsetNanos}
     * and {@code delayNanos}, with zero server processing time ({@code T2 == T3}) and the delay split
     * as evenly as the rounding allows. For simulations and tests.
     *
     * @throws IllegalArgumentException if {@code delayNanos <= 0} or the timestamps would overflow
     * @param t1          client transmit time, epoch nanoseconds
     * @param offsetNanos the offset the sample measures
     * @param delayNanos  the delay it measures, &gt; 0
     * @return the sample
     */
    public static Sample fromOffsetAndDelay(long t1, long offsetNanos, long delayNanos) {
        if (delayNanos <= 0) {
            throw new IllegalArgumentException("delayNanos: " + delayNanos + " (expected: > 0)");
        }
        try {
            long halfUp = (delayNanos >>> 1) + (delayNanos & 1);
            long t2 = Math.addExact(t1, Math.addExact(offsetNanos, halfUp));
            long t4 = Math.addExact(t1, delayNanos);
            return of(t1, t2, t2, t4, new AnomalyBounds(Long.MAX_VALUE));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("t1: " + t1 + ", offsetNanos: " + offsetNanos + ", delayNanos: "
                    + delayNanos + " (expected: timestamps that fit in a long)", e);
        }
    }

    /**
     * The upper half of the correctness interval: {@code ceil(delay / 2)}, in nanoseconds.
     *
     * @return {@code ceil(delay / 2)}
     */
    public long halfDelayNanos() {
        return (delayNanos >>> 1) + (delayNanos & 1);
    }

    /** The delay; only meaningful when {@link #anomalyOf} found nothing. */
    private static long delayOf(long t1, long t2, long t3, long t4) {
        return (t4 - t1) - (t3 - t2);
    }

    /** The offset {@code (T2 - T1) - ceil(delay / 2)}; only meaningful when {@link #anomalyOf} found nothing. */
    private static long offsetOf(long t1, long t2, long delay) {
        return (t2 - t1) - ((delay >>> 1) + (delay & 1));
    }

    /**
     * The checks of {@link #measure}, in its documented order; null when there is no anomaly. With
     * {@code bounds == null} the bound check is skipped (the canonical constructor cannot know the
     * deployment's bound).
     */
    private static @Nullable RejectedSample anomalyOf(long t1, long t2, long t3, long t4, @Nullable AnomalyBounds bounds) {
        if (t4 < t1) {
            return new RejectedSample(t1, t2, t3, t4, Anomaly.CLIENT_TIME_REVERSED,
                    "T4 " + t4 + " < T1 " + t1 + ": response received before the request was sent (client clock)");
        }
        if (t3 < t2) {
            return new RejectedSample(t1, t2, t3, t4, Anomaly.SERVER_TIME_REVERSED,
                    "T3 " + t3 + " < T2 " + t2 + ": server sent its response before receiving the request");
        }
        // Both spans are non-negative now; as unsigned 64-bit values they are exact even when the
        // signed subtraction would overflow.
        long clientSpan = t4 - t1;
        long serverSpan = t3 - t2;
        if (Long.compareUnsigned(clientSpan, serverSpan) <= 0) {
            return new RejectedSample(t1, t2, t3, t4, Anomaly.NON_POSITIVE_DELAY,
                    "delay (T4 - T1) - (T3 - T2) = " + Long.toUnsignedString(clientSpan) + " - "
                            + Long.toUnsignedString(serverSpan) + " <= 0 ns");
        }
        long delay = clientSpan - serverSpan;
        if (delay < 0) {
            return new RejectedSample(t1, t2, t3, t4, Anomaly.ARITHMETIC_OVERFLOW,
                    "delay " + Long.toUnsignedString(delay) + " ns exceeds Long.MAX_VALUE");
        }
        long forward = t2 - t1;
        if (((t2 ^ t1) & (t2 ^ forward)) < 0) {
            return new RejectedSample(t1, t2, t3, t4, Anomaly.ARITHMETIC_OVERFLOW,
                    "T2 - T1 = " + t2 + " - " + t1 + " overflows a long");
        }
        long halfUp = (delay >>> 1) + (delay & 1);
        long offset = forward - halfUp;
        if (((forward ^ halfUp) & (forward ^ offset)) < 0) {
            return new RejectedSample(t1, t2, t3, t4, Anomaly.ARITHMETIC_OVERFLOW,
                    "offset (T2 - T1) - ceil(delay / 2) = " + forward + " - " + halfUp + " overflows a long");
        }
        if (bounds != null && (offset > bounds.maxAbsOffsetNanos() || offset < -bounds.maxAbsOffsetNanos())) {
            return new RejectedSample(t1, t2, t3, t4, Anomaly.OFFSET_BEYOND_BOUND,
                    "|offset| = |" + offset + "| ns > bound " + bounds.maxAbsOffsetNanos() + " ns");
        }
        return null;
    }
}
