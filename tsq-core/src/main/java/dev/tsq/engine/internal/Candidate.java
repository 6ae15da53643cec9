package dev.tsq.engine.internal;

import dev.tsq.engine.Tier;

/** A source offered to selection: its index, tier and estimate carried to the selection instant. */
public record Candidate(int index, Tier tier, SourceEstimate estimate) {
    /** Half-width of the interval the true offset lies in: 3σ + minimum delay / 2 + the server's own error. */
    public double radius() {
        return 3 * estimate.offsetSigma() + estimate.minDelay() / 2 + estimate.serverError();
    }

    public double low() {
        return estimate.offset() - radius();
    }

    public double high() {
        return estimate.offset() + radius();
    }
}
