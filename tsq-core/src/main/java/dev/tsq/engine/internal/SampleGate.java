package dev.tsq.engine.internal;

import dev.tsq.engine.SourceSample;

/**
 * First stage per source: drops samples whose delay exceeds the configured maximum, and (the pop filter, as
 * ntpd-rs does it) a delay more than 5σ above the mean of the last 8 accepted delays unless the previous sample was
 * dropped too, so that a lasting change of route is followed after one sample. Deterministic, no I/O.
 */
public final class SampleGate {
    private static final int WINDOW = 8;
    private final double maxDelay;
    private final double[] delays = new double[WINDOW];
    private int count;
    private boolean lastDropped;

    public SampleGate(double maxDelaySeconds) {
        this.maxDelay = maxDelaySeconds;
    }

    /** Judges one sample; {@code epochMono} is the engine's time origin (ns). */
    public GateResult offer(SourceSample s, long epochMono) {
        double delay = s.sample().delayNanos() * 1e-9;
        if (delay > maxDelay) {
            return new GateResult(null, "delay " + delay + " s > maxDelay " + maxDelay + " s");
        }
        int n = Math.min(count, WINDOW);
        if (n >= 4 && !lastDropped) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += delays[i];
            }
            mean /= n;
            double var = 0;
            for (int i = 0; i < n; i++) {
                var += (delays[i] - mean) * (delays[i] - mean);
            }
            double sd = Math.max(Math.sqrt(var / (n - 1)), 1e-6 + 0.01 * mean);
            if (delay > mean + 5 * sd) {
                lastDropped = true;
                return new GateResult(null, "pop filter: delay " + delay + " s > mean " + mean + " + 5σ " + sd);
            }
        }
        lastDropped = false;
        delays[count % WINDOW] = delay;
        count++;
        double t = (s.mono() - epochMono) * 1e-9 - delay / 2;
        return new GateResult(new GatedSample(t, s.sample().offsetNanos() * 1e-9, delay,
                s.serverErrorNanos() * 1e-9), null);
    }
}
