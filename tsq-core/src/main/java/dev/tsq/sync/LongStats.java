package dev.tsq.sync;

import java.math.BigInteger;
import java.util.Arrays;

/** Overflow-safe statistics over {@code long} nanosecond values. Package-private helpers. */
final class LongStats {

    private LongStats() {
    }

    /** {@code floor((a + b) / 2)} without overflow. */
    static long floorMean(long a, long b) {
        return (a & b) + ((a ^ b) >> 1);
    }

    /**
     * The median: the middle value, or for an even count the floored mean of the two middle values.
     * Sorts {@code values} in place.
     */
    static long medianInPlace(long[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("values: empty (expected: at least one)");
        }
        Arrays.sort(values);
        int mid = values.length >>> 1;
        return (values.length & 1) == 1 ? values[mid] : floorMean(values[mid - 1], values[mid]);
    }

    /** The median of {@code |v - center|}; the values must lie in a range where the differences fit a long. */
    static long medianAbsoluteDeviation(long[] values, long center) {
        long[] deviations = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = absDiff(values[i], center);
        }
        return medianInPlace(deviations);
    }

    /** {@code |a - b|}, saturating at {@code Long.MAX_VALUE}. */
    static long absDiff(long a, long b) {
        long hi = Math.max(a, b);
        long lo = Math.min(a, b);
        long d = hi - lo;
        return d < 0 ? Long.MAX_VALUE : d;
    }

    /** {@code a + b}, saturating at the {@code long} range. */
    static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /** {@code a - b}, saturating at the {@code long} range. */
    static long saturatedSubtract(long a, long b) {
        long r = a - b;
        if (((a ^ b) & (a ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /** The exact mean, floored. */
    static long floorMean(long[] values) {
        BigInteger sum = BigInteger.ZERO;
        for (long v : values) {
            sum = sum.add(BigInteger.valueOf(v));
        }
        BigInteger[] qr = sum.divideAndRemainder(BigInteger.valueOf(values.length));
        BigInteger q = qr[0];
        if (qr[1].signum() < 0) {
            q = q.subtract(BigInteger.ONE);
        }
        return q.longValueExact();
    }

    /**
     * The sample standard deviation (denominator n - 1; 0 for a single value), in nanoseconds as a
     * double. Deviations are taken from the exact mean.
     */
    static double sampleStdev(long[] values) {
        int n = values.length;
        if (n < 2) {
            return 0.0;
        }
        BigInteger sum = BigInteger.ZERO;
        for (long v : values) {
            sum = sum.add(BigInteger.valueOf(v));
        }
        BigInteger count = BigInteger.valueOf(n);
        BigInteger[] qr = sum.divideAndRemainder(count);
        // mean = floorMean + fraction, 0 <= fraction < 1
        long floorMean = qr[0].longValueExact();
        long remainder = qr[1].longValueExact();
        if (remainder < 0) {
            floorMean -= 1;
            remainder += n;
        }
        double fraction = (double) remainder / n;
        double sumSquares = 0.0;
        for (long v : values) {
            double d = (double) saturatedSubtract(v, floorMean) - fraction;
            sumSquares += d * d;
        }
        return Math.sqrt(sumSquares / (n - 1));
    }

    /** Rounds a non-negative double nanosecond value to the nearest long, saturating. */
    static long roundNanos(double nanos) {
        if (!(nanos < 9.223372036854775E18)) {
            return Long.MAX_VALUE;
        }
        return Math.round(nanos);
    }

    /** Rounds a non-negative double nanosecond value up to a long, saturating. */
    static long ceilNanos(double nanos) {
        if (!(nanos < 9.223372036854775E18)) {
            return Long.MAX_VALUE;
        }
        return (long) Math.ceil(nanos);
    }
}
