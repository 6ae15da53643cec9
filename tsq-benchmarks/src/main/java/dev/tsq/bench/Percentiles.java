package dev.tsq.bench;

import java.util.Arrays;

/**
 * Order statistics of a set of measurements (nanoseconds, or any long), nearest-rank definition: the
 * p-th percentile of n sorted values is the value at rank {@code ceil(p / 100 * n)} (1-based, at least 1),
 * so it is always one of the measured values. p50 of {1, 2, 3, 4} is 2; p99 of 1000 values is the 990th.
 */
public final class Percentiles {
    private final long[] sorted;

    private Percentiles(long[] sorted) {
        this.sorted = sorted;
    }

    /** The first {@code count} values of {@code values} (copied; the argument is not changed). */
    public static Percentiles of(long[] values, int count) {
        if (count < 0 || count > values.length) {
            throw new IllegalArgumentException("count: " + count + " (expected: 0-" + values.length + ")");
        }
        long[] copy = Arrays.copyOf(values, count);
        Arrays.sort(copy);
        return new Percentiles(copy);
    }

    public static Percentiles of(long... values) {
        return of(values, values.length);
    }

    public int count() {
        return sorted.length;
    }

    public boolean isEmpty() {
        return sorted.length == 0;
    }

    /**
     * The p-th percentile, {@code 0 <= p <= 100} (0 gives the minimum, 100 the maximum).
     *
     * @throws IllegalStateException when there are no values
     */
    public long at(double p) {
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("p: " + p + " (expected: 0-100)");
        }
        if (sorted.length == 0) {
            throw new IllegalStateException("no values");
        }
        long rank = (long) Math.ceil(p / 100.0 * sorted.length);
        int index = (int) Math.max(0, Math.min(sorted.length - 1, rank - 1));
        return sorted[index];
    }

    public long p50() {
        return at(50);
    }

    public long p99() {
        return at(99);
    }

    public long min() {
        return at(0);
    }

    public long max() {
        return at(100);
    }

    /** The p-th percentile divided by 1000 (nanoseconds to microseconds), NaN when empty. */
    public double micros(double p) {
        return sorted.length == 0 ? Double.NaN : at(p) / 1e3;
    }

    /** The p-th percentile divided by 1e6 (nanoseconds to milliseconds), NaN when empty. */
    public double millis(double p) {
        return sorted.length == 0 ? Double.NaN : at(p) / 1e6;
    }
}
