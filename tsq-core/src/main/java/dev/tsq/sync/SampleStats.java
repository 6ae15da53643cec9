package dev.tsq.sync;

import java.util.List;
import java.util.Objects;

/**
 * Descriptive statistics over a non-empty list of valid samples (typically one server's).
 *
 * <p>Rounding: medians of an even count are the floored mean of the two middle values; the mean is
 * the exact mean floored; the standard deviation is computed in double precision from the exact mean
 * and rounded to the nearest nanosecond. The MAD is the raw median absolute deviation from the median
 * offset (not scaled by 1.4826; for normally distributed offsets {@code stdev ~ 1.4826 * MAD}).
 *
 * @param count              number of samples
 * @param medianOffsetNanos  median offset
 * @param meanOffsetNanos    mean offset, floored
 * @param stdevOffsetNanos   sample standard deviation of the offsets (n - 1 denominator; 0 for one sample)
 * @param madOffsetNanos     median absolute deviation of the offsets from their median
 * @param minOffsetNanos     smallest offset
 * @param maxOffsetNanos     largest offset
 * @param medianDelayNanos   median delay
 * @param minDelaySample     the sample with the lowest delay (the first one on a tie)
 */
public record SampleStats(int count, long medianOffsetNanos, long meanOffsetNanos, long stdevOffsetNanos,
                          long madOffsetNanos, long minOffsetNanos, long maxOffsetNanos, long medianDelayNanos,
                          Sample minDelaySample) {

    /**
     * Statistics, checked for consistency.
     *
     * @param count              number of samples
     * @param medianOffsetNanos  median offset
     * @param meanOffsetNanos    mean offset, floored
     * @param stdevOffsetNanos   sample standard deviation of the offsets (n - 1 denominator; 0 for one sample)
     * @param madOffsetNanos     median absolute deviation of the offsets from their median
     * @param minOffsetNanos     smallest offset
     * @param maxOffsetNanos     largest offset
     * @param medianDelayNanos   median delay
     * @param minDelaySample     the sample with the lowest delay (the first one on a tie)
     * @throws IllegalArgumentException when the count is below 1, a spread is negative or the minimum exceeds the maximum
     * @throws NullPointerException     when {@code minDelaySample} is null
     */
    public SampleStats {
        if (count < 1) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 1)");
        }
        if (stdevOffsetNanos < 0) {
            throw new IllegalArgumentException("stdevOffsetNanos: " + stdevOffsetNanos + " (expected: >= 0)");
        }
        if (madOffsetNanos < 0) {
            throw new IllegalArgumentException("madOffsetNanos: " + madOffsetNanos + " (expected: >= 0)");
        }
        if (minOffsetNanos > maxOffsetNanos) {
            throw new IllegalArgumentException("minOffsetNanos: " + minOffsetNanos
                    + " (expected: <= maxOffsetNanos " + maxOffsetNanos + ")");
        }
        Objects.requireNonNull(minDelaySample, "minDelaySample");
    }

    /**
     * Computes the statistics of {@code samples}.
     *
     * @throws IllegalArgumentException if the list is empty
     * @throws NullPointerException     if the list or an element is null
     * @param samples the samples
     * @return the statistics
     */
    public static SampleStats of(List<Sample> samples) {
        Objects.requireNonNull(samples, "samples");
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("samples: empty (expected: at least one sample)");
        }
        int n = samples.size();
        long[] offsets = new long[n];
        long[] delays = new long[n];
        Sample minDelay = null;
        for (int i = 0; i < n; i++) {
            Sample s = Objects.requireNonNull(samples.get(i), "samples[" + i + "]");
            offsets[i] = s.offsetNanos();
            delays[i] = s.delayNanos();
            if (minDelay == null || s.delayNanos() < minDelay.delayNanos()) {
                minDelay = s;
            }
        }
        long mean = LongStats.floorMean(offsets);
        long stdev = LongStats.roundNanos(LongStats.sampleStdev(offsets));
        long median = LongStats.medianInPlace(offsets); // sorts offsets
        long mad = LongStats.medianAbsoluteDeviation(offsets, median);
        return new SampleStats(n, median, mean, stdev, mad, offsets[0], offsets[n - 1],
                LongStats.medianInPlace(delays), minDelay);
    }
}
