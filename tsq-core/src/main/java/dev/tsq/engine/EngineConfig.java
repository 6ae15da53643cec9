package dev.tsq.engine;

import java.time.Duration;

/**
 * Engine settings, with chrony's and ntpd-rs's defaults where they agree. Built by {@link #builder()}; every setter
 * checks its argument.
 *
 * @param minPoll minimum poll interval, log2 s (default 6, chrony's)
 * @param maxPoll maximum poll interval, log2 s (default 10)
 * @param minimumAgreeingSources selection refuses to steer with fewer agreeing sources (default 1; a strict
 *        majority of the configured primaries is always required as well)
 * @param startupStepThreshold makestep: step above this during the first {@code startupStepUpdates} updates
 *        (default 128 ms)
 * @param startupStepUpdates how many first updates may step (default 3)
 * @param panicThreshold after start-up, a single step larger than this is refused with a Panic (default 1000 s)
 * @param startupBackwardLimit at start-up, a backward step larger than this is refused (default 1 day; forward is
 *        unlimited)
 * @param maxFrequencyPpm the largest |frequency| the clock accepts (default 500, the kernel's ADJ_FREQUENCY range)
 * @param initialDrift the drift file's content, or null
 * @param initialBurst poll each source with a burst at start (4 good of at most 8; default true)
 * @param maxDelay the sample gate drops samples with a round-trip delay above this (default 3 s, chrony's maxdelay)
 */
public record EngineConfig(int minPoll, int maxPoll, int minimumAgreeingSources, Duration startupStepThreshold,
                           int startupStepUpdates, Duration panicThreshold, Duration startupBackwardLimit,
                           double maxFrequencyPpm, DriftState initialDrift, boolean initialBurst,
                           Duration maxDelay) {

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with the defaults above. */
    public static final class Builder {
        private int minPoll = 6;
        private int maxPoll = 10;
        private int minimumAgreeingSources = 1;
        private Duration startupStepThreshold = Duration.ofMillis(128);
        private int startupStepUpdates = 3;
        private Duration panicThreshold = Duration.ofSeconds(1000);
        private Duration startupBackwardLimit = Duration.ofDays(1);
        private double maxFrequencyPpm = 500;
        private DriftState initialDrift;
        private boolean initialBurst = true;
        private Duration maxDelay = Duration.ofSeconds(3);

        private Builder() {}

        /** Poll interval limits, log2 seconds. */
        public Builder pollLimits(int min, int max) {
            if (min < -6 || min > 17) {
                throw new IllegalArgumentException("minPoll: " + min + " (expected: -6-17)");
            }
            if (max < min || max > 17) {
                throw new IllegalArgumentException("maxPoll: " + max + " (expected: " + min + "-17)");
            }
            this.minPoll = min;
            this.maxPoll = max;
            return this;
        }

        public Builder minimumAgreeingSources(int n) {
            if (n < 1 || n > 64) {
                throw new IllegalArgumentException("minimumAgreeingSources: " + n + " (expected: 1-64)");
            }
            this.minimumAgreeingSources = n;
            return this;
        }

        public Builder startupStep(Duration threshold, int updates) {
            if (threshold == null || threshold.isNegative()) {
                throw new IllegalArgumentException("startupStepThreshold: " + threshold + " (expected: >= 0)");
            }
            if (updates < 0) {
                throw new IllegalArgumentException("startupStepUpdates: " + updates + " (expected: >= 0)");
            }
            this.startupStepThreshold = threshold;
            this.startupStepUpdates = updates;
            return this;
        }

        public Builder panicThreshold(Duration threshold) {
            if (threshold == null || threshold.isNegative() || threshold.isZero()) {
                throw new IllegalArgumentException("panicThreshold: " + threshold + " (expected: > 0)");
            }
            this.panicThreshold = threshold;
            return this;
        }

        public Builder startupBackwardLimit(Duration limit) {
            if (limit == null || limit.isNegative()) {
                throw new IllegalArgumentException("startupBackwardLimit: " + limit + " (expected: >= 0)");
            }
            this.startupBackwardLimit = limit;
            return this;
        }

        public Builder maxFrequencyPpm(double ppm) {
            if (!(ppm > 0 && ppm <= 100_000)) {
                throw new IllegalArgumentException("maxFrequencyPpm: " + ppm + " (expected: > 0, <= 100000)");
            }
            this.maxFrequencyPpm = ppm;
            return this;
        }

        public Builder initialDrift(DriftState drift) {
            this.initialDrift = drift;
            return this;
        }

        public Builder initialBurst(boolean on) {
            this.initialBurst = on;
            return this;
        }

        public Builder maxDelay(Duration max) {
            if (max == null || max.isNegative() || max.isZero()) {
                throw new IllegalArgumentException("maxDelay: " + max + " (expected: > 0)");
            }
            this.maxDelay = max;
            return this;
        }

        public EngineConfig build() {
            return new EngineConfig(minPoll, maxPoll, minimumAgreeingSources, startupStepThreshold,
                    startupStepUpdates, panicThreshold, startupBackwardLimit, maxFrequencyPpm, initialDrift,
                    initialBurst, maxDelay);
        }
    }
}
