package dev.tsq.sync;

import java.util.Objects;

/**
 * Turns an {@link Estimate} into a {@link Decision}: whether to leave the clock, slew it, step it, or
 * refuse to touch it.
 *
 * <p>Rules, applied in this order, symmetric in the offset's sign:
 * <ol>
 *   <li>{@link Action#REFUSED} when the estimate has no usable samples, when no majority of the round's
 *       servers (answered or not, see {@link Combiner}) agrees, or when fewer than {@code minAgreeingServers}
 *       servers agree;</li>
 *   <li>{@link Action#REFUSED} when {@code |offset| > maxOffsetNanos} (exactly at the maximum is allowed);</li>
 *   <li>{@link Action#NONE} when {@code offset == 0} or {@code |offset| < noneThresholdNanos};</li>
 *   <li>{@link Action#SLEW} when {@code |offset| <= slewThresholdNanos} (exactly at the threshold slews);</li>
 *   <li>{@link Action#STEP} otherwise.</li>
 * </ol>
 * The default {@code noneThresholdNanos} is 0: every non-zero consensus offset is corrected, because
 * the estimate already carries its uncertainty and a sub-microsecond slew costs nothing. Raise it to
 * leave offsets below the measurement noise alone.
 *
 * @param slewThresholdNanos largest |offset| corrected by slewing, &gt;= noneThresholdNanos (default 128 ms)
 * @param maxOffsetNanos     largest |offset| corrected at all, &gt;= 0 (default 1000 ms)
 * @param minAgreeingServers fewest agreeing servers accepted, &gt;= 1 (default 1); the majority rule of
 *                           {@link Combiner} applies in addition
 * @param noneThresholdNanos offsets of smaller magnitude are left alone, &gt;= 0 (default 0)
 */
public record SyncPolicy(long slewThresholdNanos, long maxOffsetNanos, int minAgreeingServers,
                         long noneThresholdNanos) {

    private static final long MILLI = 1_000_000L;

    /** Slew up to 128 ms, step up to 1000 ms, refuse beyond; one agreeing server suffices; no dead band. */
    public static final SyncPolicy DEFAULT = new SyncPolicy(128 * MILLI, 1000 * MILLI, 1, 0);

    /**
     * A policy; the thresholds must be ordered.
     *
     * @param slewThresholdNanos largest |offset| corrected by slewing, &gt;= noneThresholdNanos (default 128 ms)
     * @param maxOffsetNanos     largest |offset| corrected at all, &gt;= 0 (default 1000 ms)
     * @param minAgreeingServers fewest agreeing servers accepted, &gt;= 1 (default 1); the majority rule of
     *                           {@link Combiner} applies in addition
     * @param noneThresholdNanos offsets of smaller magnitude are left alone, &gt;= 0 (default 0)
     * @throws IllegalArgumentException naming the first field out of range
     */
    public SyncPolicy {
        if (slewThresholdNanos < 0) {
            throw new IllegalArgumentException("slewThresholdNanos: " + slewThresholdNanos + " (expected: >= 0)");
        }
        if (maxOffsetNanos < 0) {
            throw new IllegalArgumentException("maxOffsetNanos: " + maxOffsetNanos + " (expected: >= 0)");
        }
        if (minAgreeingServers < 1) {
            throw new IllegalArgumentException("minAgreeingServers: " + minAgreeingServers + " (expected: >= 1)");
        }
        if (noneThresholdNanos < 0 || noneThresholdNanos > slewThresholdNanos) {
            throw new IllegalArgumentException("noneThresholdNanos: " + noneThresholdNanos
                    + " (expected: 0-" + slewThresholdNanos + ", at most slewThresholdNanos)");
        }
    }

    /**
     * A builder starting from {@link #DEFAULT}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder(DEFAULT);
    }

    /**
     * A builder starting from this policy.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Decides what to do with the clock; see the class documentation for the rules.
     *
     * @param estimate the combined estimate of a round
     * @return what to do, by how much and why
     */
    public Decision decide(Estimate estimate) {
        Objects.requireNonNull(estimate, "estimate");
        switch (estimate.status()) {
            case NO_USABLE_SAMPLES:
                return refused("no usable samples: " + estimate.rejectedSamples() + " measurement(s) rejected, "
                        + estimate.rejectedServers().size() + " server(s) without a valid sample"
                        + rejectionSummary(estimate));
            case NO_MAJORITY:
                return refused("no majority: " + estimate.answeredServers() + " of " + estimate.configuredServers()
                        + " configured server(s) answered and at most " + Combiner.largestAgreeingGroup(estimate.servers())
                        + " agree (need at least " + (estimate.configuredServers() / 2 + 1)
                        + ", more than half of the configured)" + rejectionSummary(estimate));
            default:
                break;
        }
        long offset = estimate.offsetNanos();
        String what = "offset " + formatNanos(offset) + " +- " + formatMagnitude(estimate.uncertaintyNanos())
                + " from " + estimate.agreeingServers().size() + " agreeing server(s) ("
                + estimate.answeredServers() + " of " + estimate.configuredServers() + " answered)";
        if (estimate.agreeingServers().size() < minAgreeingServers) {
            return refused(what + ": fewer than minAgreeingServers " + minAgreeingServers);
        }
        if (offset > maxOffsetNanos || offset < -maxOffsetNanos) {
            return refused(what + ": |offset| exceeds maxOffset " + formatMagnitude(maxOffsetNanos));
        }
        if (offset == 0 || (offset < noneThresholdNanos && offset > -noneThresholdNanos)) {
            return new Decision(Action.NONE, 0, what + ": below noneThreshold "
                    + formatMagnitude(noneThresholdNanos) + ", nothing to do");
        }
        if (offset <= slewThresholdNanos && offset >= -slewThresholdNanos) {
            return new Decision(Action.SLEW, offset, what + ": within slewThreshold "
                    + formatMagnitude(slewThresholdNanos));
        }
        return new Decision(Action.STEP, offset, what + ": beyond slewThreshold "
                + formatMagnitude(slewThresholdNanos) + ", within maxOffset "
                + formatMagnitude(maxOffsetNanos));
    }

    private static Decision refused(String reason) {
        return new Decision(Action.REFUSED, 0, reason);
    }

    private static String rejectionSummary(Estimate estimate) {
        StringBuilder sb = new StringBuilder();
        for (ServerRejection r : estimate.rejectedServers()) {
            sb.append("; ").append(r.server()).append(": ").append(r.reason().wireName()).append(" (")
                    .append(r.detail()).append(')');
        }
        return sb.toString();
    }

    /** Signed milliseconds with nanosecond precision, e.g. {@code +250.000001 ms}. */
    static String formatNanos(long nanos) {
        return (nanos < 0 ? "-" : "+") + formatMagnitude(nanos);
    }

    /** Unsigned milliseconds with nanosecond precision, e.g. {@code 0.120000 ms}. */
    static String formatMagnitude(long nanos) {
        long abs = nanos == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(nanos);
        // no String.format: a cold Formatter costs a one-shot process milliseconds
        String frac = Long.toString(abs % MILLI);
        return abs / MILLI + "." + "000000".substring(frac.length()) + frac + " ms";
    }

    /** Mutable builder; each setter validates its argument, {@link #build()} validates the whole. */
    public static final class Builder {
        private long slewThresholdNanos;
        private long maxOffsetNanos;
        private int minAgreeingServers;
        private long noneThresholdNanos;

        private Builder(SyncPolicy from) {
            slewThresholdNanos = from.slewThresholdNanos;
            maxOffsetNanos = from.maxOffsetNanos;
            minAgreeingServers = from.minAgreeingServers;
            noneThresholdNanos = from.noneThresholdNanos;
        }

        /**
         * Largest |offset| corrected by slewing.
         *
         * @param value nanoseconds, &gt;= 0
         * @return this builder
         */
        public Builder slewThresholdNanos(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("slewThresholdNanos: " + value + " (expected: >= 0)");
            }
            slewThresholdNanos = value;
            return this;
        }

        /**
         * Largest |offset| corrected at all.
         *
         * @param value nanoseconds, &gt;= 0
         * @return this builder
         */
        public Builder maxOffsetNanos(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxOffsetNanos: " + value + " (expected: >= 0)");
            }
            maxOffsetNanos = value;
            return this;
        }

        /**
         * Fewest agreeing servers accepted.
         *
         * @param value &gt;= 1
         * @return this builder
         */
        public Builder minAgreeingServers(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("minAgreeingServers: " + value + " (expected: >= 1)");
            }
            minAgreeingServers = value;
            return this;
        }

        /**
         * Offsets of smaller magnitude are left alone.
         *
         * @param value nanoseconds, &gt;= 0
         * @return this builder
         */
        public Builder noneThresholdNanos(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("noneThresholdNanos: " + value + " (expected: >= 0)");
            }
            noneThresholdNanos = value;
            return this;
        }

        /**
         * The policy.
         *
         * @return the policy
         * @throws IllegalArgumentException when the values do not fit together (e.g. the dead band beyond the slew threshold)
         */
        public SyncPolicy build() {
            return new SyncPolicy(slewThresholdNanos, maxOffsetNanos, minAgreeingServers, noneThresholdNanos);
        }
    }
}
