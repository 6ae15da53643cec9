package dev.tsq.sync;

import java.util.Objects;

/**
 * One server's estimate after {@link SampleFilter}: its offset and the half-width of its correctness
 * interval {@code [offset - error, offset + error]}, plus the statistics it was derived from.
 *
 * @param server               the server's name
 * @param measurements         measurements taken (valid + rejected)
 * @param rejectedMeasurements measurements rejected for a timestamp anomaly
 * @param outliers             valid samples dropped as offset outliers
 * @param keptSamples          samples the estimate was computed from (after outlier rejection and
 *                             keeping the lowest-delay ones); at least 1
 * @param stats                statistics over all valid samples of this server (before outlier rejection)
 * @param best                 the lowest-delay kept sample
 * @param offsetNanos          the server's offset estimate: the best sample's offset
 * @param jitterNanos          RMS difference between the kept samples' offsets and the best one's
 *                             (0 with one kept sample), rounded up
 * @param errorNanos           half-width of the correctness interval: ceil(best delay / 2) + the declared
 *                             server error, or the filter's tolerance when none was declared (saturating);
 *                             see {@link SampleFilter} for why the jitter is not in it
 */
public record ServerEstimate(String server, int measurements, int rejectedMeasurements, int outliers,
                             int keptSamples, SampleStats stats, Sample best, long offsetNanos,
                             long jitterNanos, long errorNanos) {

    /**
     * An estimate.
     *
     * @param server               the server's name
     * @param measurements         measurements taken (valid + rejected)
     * @param rejectedMeasurements measurements rejected for a timestamp anomaly
     * @param outliers             valid samples dropped as offset outliers
     * @param keptSamples          samples the estimate was computed from (after outlier rejection and
     *                             keeping the lowest-delay ones); at least 1
     * @param stats                statistics over all valid samples of this server (before outlier rejection)
     * @param best                 the lowest-delay kept sample
     * @param offsetNanos          the server's offset estimate: the best sample's offset
     * @param jitterNanos          RMS difference between the kept samples' offsets and the best one's
     *                             (0 with one kept sample), rounded up
     * @param errorNanos           half-width of the correctness interval: ceil(best delay / 2) + jitter +
     *                             declared server error + the filter's tolerance (saturating)
     * @throws NullPointerException     when the server, stats or best sample is null
     * @throws IllegalArgumentException when a count is negative or inconsistent
     */
    public ServerEstimate {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(best, "best");
        if (rejectedMeasurements < 0) {
            throw new IllegalArgumentException("rejectedMeasurements: " + rejectedMeasurements + " (expected: >= 0)");
        }
        if (measurements != rejectedMeasurements + stats.count()) {
            throw new IllegalArgumentException("measurements: " + measurements + " (expected: rejected "
                    + rejectedMeasurements + " + valid " + stats.count() + ")");
        }
        if (keptSamples < 1 || outliers < 0 || outliers + keptSamples > stats.count()) {
            throw new IllegalArgumentException("outliers: " + outliers + ", keptSamples: " + keptSamples
                    + " (expected: outliers >= 0, keptSamples >= 1, sum <= valid samples " + stats.count() + ")");
        }
        if (jitterNanos < 0) {
            throw new IllegalArgumentException("jitterNanos: " + jitterNanos + " (expected: >= 0)");
        }
        if (errorNanos < 0) {
            throw new IllegalArgumentException("errorNanos: " + errorNanos + " (expected: >= 0)");
        }
    }

    /**
     * Lower end of the correctness interval, {@code offset - error} (saturating).
     *
     * @return the lower end, nanoseconds
     */
    public long lowNanos() {
        return LongStats.saturatedSubtract(offsetNanos, errorNanos);
    }

    /**
     * Upper end of the correctness interval, {@code offset + error} (saturating).
     *
     * @return the upper end, nanoseconds
     */
    public long highNanos() {
        return LongStats.saturatedAdd(offsetNanos, errorNanos);
    }
}
