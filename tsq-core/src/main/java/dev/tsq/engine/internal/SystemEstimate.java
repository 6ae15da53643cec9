package dev.tsq.engine.internal;

/**
 * The combined estimate handed to the controller: offset (true − local, s) and drift (s/s) at {@code t}, their
 * (co)variances, the selected source's path figures and how many sources were combined.
 */
public record SystemEstimate(double t, double offset, double drift, double pOO, double pOD, double pDD,
                             double processNoise, double minDelay, double serverError, double measurementSigma,
                             int combined, int selected) {
    public double offsetSigma() {
        return Math.sqrt(Math.max(0, pOO));
    }

    public double driftSigma() {
        return Math.sqrt(Math.max(0, pDD));
    }
}
