package dev.tsq.engine.internal;

/**
 * What a source's filter says at time {@code t}: the offset (true − local, s) and its drift
 * (d offset / dt, s/s, relative to the frequency the clock runs at now), their variances and covariance, plus the
 * path figures selection needs.
 *
 * @param t seconds since the engine's epoch
 * @param minDelay the smallest recent round-trip delay, s
 * @param lastDelay the last accepted delay, s
 * @param measurementSigma the typical σ of one measurement, s (drives the poll interval)
 * @param processNoise the filter's current frequency random-walk intensity, s²/s³
 */
public record SourceEstimate(double t, double offset, double drift, double pOO, double pOD, double pDD,
                             double minDelay, double lastDelay, double serverError, double measurementSigma,
                             double processNoise, int samples, double lastSampleT) {

    /** The estimate carried forward to {@code t2} (no new measurement; uncertainty grows with the process noise). */
    public SourceEstimate at(double t2) {
        double dt = t2 - t;
        if (dt == 0) {
            return this;
        }
        double adt = Math.abs(dt);
        double nOO = pOO + 2 * dt * pOD + dt * dt * pDD + processNoise * adt * adt * adt / 3;
        double nOD = pOD + dt * pDD + processNoise * adt * adt / 2;
        double nDD = pDD + processNoise * adt;
        return new SourceEstimate(t2, offset + drift * dt, drift, nOO, nOD, nDD, minDelay, lastDelay, serverError,
                measurementSigma, processNoise, samples, lastSampleT);
    }

    public double offsetSigma() {
        return Math.sqrt(Math.max(0, pOO));
    }

    public double driftSigma() {
        return Math.sqrt(Math.max(0, pDD));
    }

    /** A distance in chrony's sense: σ plus half the minimum delay plus what the server admits. */
    public double distance() {
        return offsetSigma() + minDelay / 2 + serverError;
    }
}
