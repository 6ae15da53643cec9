package dev.tsq.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns one server's samples into one {@link ServerEstimate}, in the spirit of NTP's clock filter.
 *
 * <ol>
 *   <li>Rejected measurements are dropped (they are only counted).</li>
 *   <li>Outliers: a sample whose offset differs from the median offset by more than
 *       {@code max(outlierMadMultiplier * MAD, outlierFloorNanos)} is dropped. The floor keeps a zero
 *       MAD (most offsets identical) from rejecting every sample that differs by a nanosecond. With a
 *       multiplier &gt;= 1 at least half of the samples always survive.</li>
 *   <li>Of the survivors, the {@code keepBest} with the lowest delay are kept (ties keep input order).
 *       Low delay means little room for queueing asymmetry: the true offset lies within
 *       {@code +-delay/2} of a sample's offset.</li>
 *   <li>The lowest-delay kept sample is the server's estimate. Its error is
 *       {@code ceil(delay / 2) + (serverErrorNanos > 0 ? serverErrorNanos : toleranceNanos)}.</li>
 * </ol>
 *
 * <p>Why the error is the best sample's half delay and nothing statistical: for any exchange whose four
 * timestamps are honest, the true offset to the server's clock lies within {@code offset +- ceil(delay / 2)}
 * (path asymmetry is the only error and cannot exceed the delay), however the other samples scatter. The
 * lowest-delay sample therefore bounds the offset best, and adding the other samples' scatter (NTP's jitter,
 * still reported as {@link ServerEstimate#jitterNanos()}) would only widen a bound that already holds: in a
 * cold one-shot process, whose first exchanges run through the interpreter and take milliseconds, the jitter
 * of the slow samples was most of the reported uncertainty. On top comes the server's own error against true
 * time: what it declared (a ClockQuality TLV's estimated error) when it declared one, otherwise
 * {@code toleranceNanos}, the error it may have without telling us. A declared error replaces the tolerance
 * rather than adding to it; a server that under-declares narrows only its own interval, which can make it a
 * falseticker but never lets it join a majority it would not join otherwise.
 *
 * @param keepBest             how many lowest-delay samples to keep, &gt;= 1 (default 8, NTP's filter length)
 * @param outlierMadMultiplier outlier threshold in MADs, finite and &gt;= 1 (default 5, about 3.4 standard
 *                             deviations for normally distributed offsets)
 * @param outlierFloorNanos    smallest outlier threshold, &gt;= 0 (default 1 ms)
 * @param toleranceNanos       added to the error of every server that declares none, &gt;= 0 (default 1 ms): the
 *                             clock error a server may have without telling us (TSQ responses carry no root dispersion unless a
 *                             ClockQuality TLV is present). Any two servers within this of true time have
 *                             intersecting intervals.
 */
public record SampleFilter(int keepBest, double outlierMadMultiplier, long outlierFloorNanos, long toleranceNanos) {

    private static final long MILLI = 1_000_000L;

    /** keepBest 8, outlier threshold max(5 MAD, 1 ms), tolerance 1 ms. */
    public static final SampleFilter DEFAULT = new SampleFilter(8, 5.0, MILLI, MILLI);

    /**
     * A filter.
     *
     * @param keepBest             how many lowest-delay samples to keep, &gt;= 1 (default 8, NTP's filter length)
     * @param outlierMadMultiplier outlier threshold in MADs, finite and &gt;= 1 (default 5, about 3.4 standard
     *                             deviations for normally distributed offsets)
     * @param outlierFloorNanos    smallest outlier threshold, &gt;= 0 (default 1 ms)
     * @param toleranceNanos       added to every server's error, &gt;= 0 (default 1 ms): the clock error a server
     *                             may have without telling us (TSQ responses carry no root dispersion unless a
     *                             ClockQuality TLV is present). Any two servers within this of true time have
     *                             intersecting intervals.
     * @throws IllegalArgumentException naming the first field out of range
     */
    public SampleFilter {
        if (keepBest < 1) {
            throw new IllegalArgumentException("keepBest: " + keepBest + " (expected: >= 1)");
        }
        if (!(outlierMadMultiplier >= 1.0) || Double.isInfinite(outlierMadMultiplier)) {
            throw new IllegalArgumentException("outlierMadMultiplier: " + outlierMadMultiplier
                    + " (expected: finite and >= 1)");
        }
        if (outlierFloorNanos < 0) {
            throw new IllegalArgumentException("outlierFloorNanos: " + outlierFloorNanos + " (expected: >= 0)");
        }
        if (toleranceNanos < 0) {
            throw new IllegalArgumentException("toleranceNanos: " + toleranceNanos + " (expected: >= 0)");
        }
    }

    /**
     * A copy with another {@code keepBest}.
     *
     * @param value &gt;= 1
     * @return the copy
     */
    public SampleFilter withKeepBest(int value) {
        return new SampleFilter(value, outlierMadMultiplier, outlierFloorNanos, toleranceNanos);
    }

    /**
     * A copy with another {@code outlierMadMultiplier}.
     *
     * @param value finite, &gt;= 1
     * @return the copy
     */
    public SampleFilter withOutlierMadMultiplier(double value) {
        return new SampleFilter(keepBest, value, outlierFloorNanos, toleranceNanos);
    }

    /**
     * A copy with another {@code outlierFloorNanos}.
     *
     * @param value nanoseconds, &gt;= 0
     * @return the copy
     */
    public SampleFilter withOutlierFloorNanos(long value) {
        return new SampleFilter(keepBest, outlierMadMultiplier, value, toleranceNanos);
    }

    /**
     * A copy with another {@code toleranceNanos}.
     *
     * @param value nanoseconds, &gt;= 0
     * @return the copy
     */
    public SampleFilter withToleranceNanos(long value) {
        return new SampleFilter(keepBest, outlierMadMultiplier, outlierFloorNanos, value);
    }

    /**
     * The outlier threshold for a given MAD: {@code max(ceil(multiplier * MAD), floor)}.
     *
     * @param madNanos the median absolute deviation of the offsets
     * @return the threshold, nanoseconds
     */
    public long outlierThresholdNanos(long madNanos) {
        return Math.max(LongStats.ceilNanos(outlierMadMultiplier * madNanos), outlierFloorNanos);
    }

    /**
     * The samples whose offset lies within the outlier threshold of the median offset, in input order.
     *
     * @param samples one server's valid samples
     * @return the survivors
     */
    public List<Sample> rejectOutliers(List<Sample> samples) {
        Objects.requireNonNull(samples, "samples");
        if (samples.isEmpty()) {
            return List.of();
        }
        long[] offsets = new long[samples.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = samples.get(i).offsetNanos();
        }
        long median = LongStats.medianInPlace(offsets);
        long threshold = outlierThresholdNanos(LongStats.medianAbsoluteDeviation(offsets, median));
        List<Sample> kept = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            if (LongStats.absDiff(s.offsetNanos(), median) <= threshold) {
                kept.add(s);
            }
        }
        return List.copyOf(kept);
    }

    /**
     * The {@code keepBest} samples with the lowest delay, lowest first (stable on ties).
     *
     * @param samples one server's samples
     * @return at most {@code keepBest} of them
     */
    public List<Sample> bestByDelay(List<Sample> samples) {
        Objects.requireNonNull(samples, "samples");
        List<Sample> sorted = new ArrayList<>(samples);
        sorted.sort(Comparator.comparingLong(Sample::delayNanos));
        return List.copyOf(sorted.subList(0, Math.min(keepBest, sorted.size())));
    }

    /**
     * The server's estimate, or empty if it produced no valid sample.
     *
     * @param server the server's measurements
     * @return the estimate, or empty
     */
    public Optional<ServerEstimate> estimate(ServerSamples server) {
        Objects.requireNonNull(server, "server");
        List<Sample> valid = server.samples();
        if (valid.isEmpty()) {
            return Optional.empty();
        }
        List<Sample> inliers = rejectOutliers(valid);
        List<Sample> kept = bestByDelay(inliers);
        Sample best = kept.get(0);
        double sumSquares = 0.0;
        for (int i = 1; i < kept.size(); i++) {
            double d = (double) LongStats.saturatedSubtract(kept.get(i).offsetNanos(), best.offsetNanos());
            sumSquares += d * d;
        }
        long jitter = kept.size() > 1 ? LongStats.ceilNanos(Math.sqrt(sumSquares / (kept.size() - 1))) : 0L;
        long error = LongStats.saturatedAdd(best.halfDelayNanos(),
                server.serverErrorNanos() > 0 ? server.serverErrorNanos() : toleranceNanos);
        return Optional.of(new ServerEstimate(server.server(), server.measurements().size(),
                server.measurements().size() - valid.size(), valid.size() - inliers.size(), kept.size(),
                SampleStats.of(valid), best, best.offsetNanos(), jitter, error));
    }
}
