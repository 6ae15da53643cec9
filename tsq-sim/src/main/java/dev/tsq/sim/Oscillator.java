package dev.tsq.sim;

import java.util.SplittableRandom;

/** clknetsim's oscillator: frequency error f₀ plus a random walk, one N(0, wander²) step per simulated second. */
final class Oscillator {
    private final double wander;
    private final SplittableRandom rng;
    private double ppm;

    Oscillator(double f0Ppm, double wander, SplittableRandom rng) {
        this.ppm = f0Ppm;
        this.wander = wander;
        this.rng = rng;
    }

    /** The frequency error now, ppm (+ = fast). */
    double ppm() {
        return ppm;
    }

    /** One simulated second passed. */
    void tick() {
        if (wander > 0) {
            ppm += wander * 1e6 * rng.nextGaussian();
        }
    }
}
