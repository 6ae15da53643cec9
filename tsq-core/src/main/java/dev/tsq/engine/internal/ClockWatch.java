package dev.tsq.engine.internal;

/**
 * Notices a clock changed behind the engine's back: from the last reading (mono, clock) it predicts the next with
 * the rate the engine believes the clock runs at (the frequency it applied plus the oscillator's estimated error,
 * including its own steps), and flags a reading off by more than 10 ms plus what the rate's uncertainty allows.
 */
public final class ClockWatch {
    static final double THRESHOLD_NS = 10e6;
    private boolean hasRef;
    private double refT;
    private long refClock;
    private double lastT;
    private double acc;
    private double appliedPpm;
    private double oscPpm;
    private double tolPpm = 100_000;

    private void advance(double t) {
        acc += (t - lastT) * (appliedPpm + oscPpm) * 1e3;
        lastT = t;
    }

    public void applied(double t, double ppm) {
        if (hasRef) {
            advance(Math.max(t, lastT));
        }
        appliedPpm = ppm;
    }

    /** The oscillator's error as last estimated (ppm, + = fast) and its tolerance (ppm). */
    public void oscillator(double t, double ppm, double tol) {
        if (hasRef) {
            advance(Math.max(t, lastT));
        }
        oscPpm = ppm;
        tolPpm = tol;
    }

    public void stepped(long nanos) {
        acc += nanos;
    }

    /** Compares a reading with the prediction, then takes it as the new reference; returns the surprise or 0. */
    public long check(double t, long clock) {
        long surprise = 0;
        if (hasRef && t >= refT) {
            advance(t);
            double predicted = (t - refT) * 1e9 + acc;
            double diff = (double) (clock - refClock) - predicted;
            double tol = THRESHOLD_NS + (t - refT) * tolPpm * 1e3;
            if (Math.abs(diff) > tol) {
                surprise = Math.round(diff);
            }
        }
        hasRef = true;
        refT = t;
        lastT = t;
        refClock = clock;
        acc = 0;
        return surprise;
    }
}
