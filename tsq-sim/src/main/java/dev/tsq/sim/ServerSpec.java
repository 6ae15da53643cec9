package dev.tsq.sim;

import dev.tsq.engine.Tier;

/**
 * One simulated server and the path to it.
 *
 * @param baseDelay each way's fixed delay, s
 * @param jitter each way's random part is jitter·Exp(1), s
 * @param asymmetry the random part is scaled by (1 − 2·asymmetry) on the way out and (1 + 2·asymmetry) on the way
 *        back (clknetsim's jitter asymmetry; the base delay stays symmetric)
 * @param loss probability that one packet (request or reply, independently) is lost
 * @param lie the server's clock is off by this much, s (a falseticker when ≠ 0)
 * @param freqPpm the server's own clock runs this fast, ppm
 * @param stepAt at this simulated time the server's clock steps by {@code stepBy} (NaN: never)
 * @param outageStart from this time the server answers nothing (NaN: never)
 * @param outageEnd until this time (may be +∞)
 */
public record ServerSpec(double baseDelay, double jitter, double asymmetry, double loss, double lie, double freqPpm,
                         double stepAt, double stepBy, double outageStart, double outageEnd, Tier tier) {

    /** A perfect server behind clknetsim's default path: 100 µs + 100 µs·Exp(1) each way. */
    public static ServerSpec defaults() {
        return new ServerSpec(100e-6, 100e-6, 0, 0, 0, 0, Double.NaN, 0, Double.NaN, Double.NaN, Tier.PRIMARY);
    }

    public ServerSpec withDelay(double base, double jit) {
        return new ServerSpec(base, jit, asymmetry, loss, lie, freqPpm, stepAt, stepBy, outageStart, outageEnd, tier);
    }

    public ServerSpec withAsymmetry(double a) {
        return new ServerSpec(baseDelay, jitter, a, loss, lie, freqPpm, stepAt, stepBy, outageStart, outageEnd, tier);
    }

    public ServerSpec withLoss(double l) {
        return new ServerSpec(baseDelay, jitter, asymmetry, l, lie, freqPpm, stepAt, stepBy, outageStart, outageEnd,
                tier);
    }

    public ServerSpec withLie(double l) {
        return new ServerSpec(baseDelay, jitter, asymmetry, loss, l, freqPpm, stepAt, stepBy, outageStart, outageEnd,
                tier);
    }

    public ServerSpec withDrift(double ppm) {
        return new ServerSpec(baseDelay, jitter, asymmetry, loss, lie, ppm, stepAt, stepBy, outageStart, outageEnd,
                tier);
    }

    public ServerSpec withStep(double at, double by) {
        return new ServerSpec(baseDelay, jitter, asymmetry, loss, lie, freqPpm, at, by, outageStart, outageEnd, tier);
    }

    public ServerSpec withOutage(double start, double end) {
        return new ServerSpec(baseDelay, jitter, asymmetry, loss, lie, freqPpm, stepAt, stepBy, start, end, tier);
    }

    public ServerSpec withTier(Tier t) {
        return new ServerSpec(baseDelay, jitter, asymmetry, loss, lie, freqPpm, stepAt, stepBy, outageStart, outageEnd,
                t);
    }

    /** The server's clock at true time {@code t} (s), as an offset from true time (s). */
    double clockError(double t) {
        double e = lie + freqPpm * 1e-6 * t;
        if (!Double.isNaN(stepAt) && t >= stepAt) {
            e += stepBy;
        }
        return e;
    }

    boolean down(double t) {
        return !Double.isNaN(outageStart) && t >= outageStart && t < outageEnd;
    }
}
