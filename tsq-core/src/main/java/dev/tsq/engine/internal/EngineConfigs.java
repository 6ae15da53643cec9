package dev.tsq.engine.internal;

import dev.tsq.engine.EngineConfig;

/** Derived settings. */
final class EngineConfigs {
    private EngineConfigs() {}

    /** The prior σ of the drift (s/s): the drift file's uncertainty (at least 1 ppm), else 500 ppm. */
    static double driftSigma(EngineConfig c) {
        if (c.initialDrift() != null) {
            return Math.max(1.0, c.initialDrift().uncertaintyPpm()) * 1e-6;
        }
        return DefaultSyncEngine.PRIOR_DRIFT_SIGMA;
    }
}
