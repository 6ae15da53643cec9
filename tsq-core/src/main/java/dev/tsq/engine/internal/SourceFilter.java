package dev.tsq.engine.internal;

/**
 * Per-source filter: a two-state Kalman filter (offset, drift) in the manner of ntpd-rs, chosen over chrony's
 * windowed regression because (1) it carries offset and frequency <em>with</em> their covariance, which selection,
 * combining, the poll scheduler and holdover's error bound all need, without a sample window to manage; (2) every
 * correction the controller makes (frequency change, step) is applied to the state exactly, so the filter never
 * has to re-learn after the clock is steered; (3) a per-sample measurement variance lets each sample weigh by its
 * delay, the same information chrony's regression uses as weights.
 *
 * <p>Model: offset' = drift, drift a random walk of intensity {@code A} (s²/s³), so over Δt the process noise is
 * {@code A·[[Δt³/3, Δt²/2],[Δt²/2, Δt]]}. {@code A} adapts when the normalised innovations (NIS) stay away from
 * 1: ×4 (×16 when far off) above 2, ÷4 below 0.25, never below the prior 1e-17 (a frequency random walk of about
 * 3e-9/√s, a quiet crystal): the measurement variance below is deliberately generous, so a low NIS is weak
 * evidence of a smaller A and would otherwise let the filter stop following the oscillator. Measurement variance: a sample whose delay exceeds the recent minimum by {@code x} has an error of at
 * most ±x/2 (it is half the difference of the two one-way excess delays); taken as uniform over that range its
 * variance is x²/12, plus a floor for the uncertainty of the minimum itself.
 */
public final class SourceFilter {
    private static final int DELAY_WINDOW = 32;
    private static final double A_MIN = 1e-17;
    private static final double A_MAX = 1e-10;
    private static final double NIS_LOW = 0.25;

    private final double initialDriftVariance;
    private final double[] delays = new double[DELAY_WINDOW];
    private int delayCount;
    private int samples;
    private double t;
    private double offset;
    private double drift;
    private double pOO;
    private double pOD;
    private double pDD;
    private double a;
    private double nisAverage = 1;
    private int updatesSinceAdapt;
    private int bigInnovations;
    private double lastDelay;
    private double serverError;
    private double lastSampleT;
    private double measurementVarAverage = Double.NaN;
    private double sxx;
    private double sxy;
    private double syy;
    private int asymmetrySamples;

    /**
     * @param initialDriftSigma the prior σ of the drift (s/s) before the first samples
     * @param initialProcessNoise the first guess of {@code A}
     */
    public SourceFilter(double initialDriftSigma, double initialProcessNoise) {
        this.initialDriftVariance = initialDriftSigma * initialDriftSigma;
        this.a = initialProcessNoise;
    }

    public int samples() {
        return samples;
    }

    /** Forgets everything but the delay history (the clock or the server jumped). */
    public void reset() {
        samples = 0;
        asymmetrySamples = 0;
        sxx = 0;
        sxy = 0;
        syy = 0;
        nisAverage = 1;
        updatesSinceAdapt = 0;
        bigInnovations = 0;
    }

    /** The clock's frequency was changed by {@code deltaDrift} (s/s, added to d(local)/dt) at time {@code at}. */
    public void frequencyChanged(double deltaDrift, double at) {
        if (samples == 0) {
            return;
        }
        // offset(t') = offset + drift·(t' − t) − deltaDrift·(t' − at)
        offset += deltaDrift * (at - t);
        drift -= deltaDrift;
    }

    /** The clock was stepped by {@code seconds} (added to the local clock). */
    public void stepped(double seconds) {
        if (samples > 0) {
            offset -= seconds;
        }
    }

    private double minDelay() {
        int n = Math.min(delayCount, DELAY_WINDOW);
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, delays[i]);
        }
        return min;
    }

    private double meanExcess(double min) {
        int n = Math.min(delayCount, DELAY_WINDOW);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += delays[i] - min;
        }
        return n == 0 ? 0 : sum / n;
    }

    /** Feeds one gated sample; returns the estimate at the sample's time. */
    public SourceEstimate update(GatedSample s) {
        delays[delayCount % DELAY_WINDOW] = s.delay();
        delayCount++;
        lastDelay = s.delay();
        serverError = s.serverError();
        double min = minDelay();
        int n = Math.min(delayCount, DELAY_WINDOW);
        double excess = Math.max(0, s.delay() - min);
        // The recent minimum lies above the path's true minimum by about meanExcess/sqrt(n), an amount itself
        // uncertain (its square is added once more).
        double m = Math.max(meanExcess(min) / Math.sqrt(n), 20e-9 + 1e-3 * min);
        // Whatever the model says, the error is within ±delay/2: uniform over that is the ceiling, and what the
        // first few samples get while the minimum is still unknown.
        double ceiling = s.delay() * s.delay() / 12;
        double r = n < 4 ? ceiling : Math.min(ceiling, ((excess + m) * (excess + m) + m * m) / 12);
        measurementVarAverage = Double.isNaN(measurementVarAverage) ? r
                : measurementVarAverage + (r - measurementVarAverage) / 16;
        lastSampleT = s.t();
        if (samples == 0) {
            return init(s, r);
        }
        predict(s.t());
        double y = s.offset() - offset;
        // Jitter asymmetry (chrony estimates it too): when one direction carries most of the queueing, the offset
        // error correlates with the excess delay x, err ≈ −a·x. The slope of innovations on x is learnt and taken
        // out of each sample; it cannot exceed the ±1/2 that the ±delay/2 interval allows.
        // The slope is shrunk by its own significance, slope²/(slope² + se²), so that noise is not taken out.
        sxx += (excess * excess - sxx) / 32;
        sxy += (excess * y - sxy) / 32;
        syy += (y * y - syy) / 32;
        asymmetrySamples++;
        if (asymmetrySamples >= 16 && sxx > 0) {
            double slope = Math.max(-0.5, Math.min(0.5, sxy / sxx));
            double se2 = Math.max(0, syy - slope * slope * sxx) / (32 * sxx);
            double shrink = slope * slope / (slope * slope + se2 + 1e-30);
            y -= slope * shrink * excess;
        }
        double sInn = pOO + r;
        double nis = y * y / sInn;
        if (nis > 25 && samples >= 3) {
            // Far outside what the model predicts: three in a row mean the server (or our clock) jumped, restart;
            // a lone one widens the prediction so that this sample is believed in proportion to its surprise.
            if (++bigInnovations >= 3) {
                reset();
                return init(s, r);
            }
            double k = nis / 25;
            pOO *= k;
            pOD *= k;
            pDD *= k;
            sInn = pOO + r;
            nis = y * y / sInn;
        } else {
            bigInnovations = 0;
        }
        double kO = pOO / sInn;
        double kD = pOD / sInn;
        offset += kO * y;
        drift += kD * y;
        double nOO = (1 - kO) * pOO;
        double nOD = (1 - kO) * pOD;
        double nDD = pDD - kD * pOD;
        pOO = nOO;
        pOD = nOD;
        pDD = nDD;
        samples++;
        adapt(nis);
        return estimate();
    }

    private SourceEstimate init(GatedSample s, double r) {
        t = s.t();
        offset = s.offset();
        drift = 0;
        pOO = r;
        pOD = 0;
        pDD = initialDriftVariance;
        samples = 1;
        return estimate();
    }

    private void adapt(double nis) {
        if (samples < 8) {
            return;
        }
        nisAverage += (Math.min(nis, 25) - nisAverage) / 4;
        updatesSinceAdapt++;
        if (updatesSinceAdapt >= 4) {
            if (nisAverage > 2.0 && a < A_MAX) {
                a = Math.min(A_MAX, a * (nisAverage > 6 ? 16 : 4));
                updatesSinceAdapt = 0;
                nisAverage = 1;
            } else if (nisAverage < NIS_LOW && a > A_MIN) {
                a = Math.max(A_MIN, a / 4);
                updatesSinceAdapt = 0;
                nisAverage = 1;
            }
        }
    }

    private void predict(double t2) {
        double dt = t2 - t;
        double adt = Math.abs(dt);
        double nOO = pOO + 2 * dt * pOD + dt * dt * pDD + a * adt * adt * adt / 3;
        double nOD = pOD + dt * pDD + a * adt * adt / 2;
        double nDD = pDD + a * adt;
        offset += drift * dt;
        pOO = nOO;
        pOD = nOD;
        pDD = nDD;
        t = t2;
    }

    /** The current estimate (at the last sample's time), or null before the first sample. */
    public SourceEstimate estimate() {
        if (samples == 0) {
            return null;
        }
        return new SourceEstimate(t, offset, drift, pOO, pOD, pDD, minDelay(), lastDelay, serverError,
                Math.sqrt(measurementVarAverage), a, samples, lastSampleT);
    }
}
