package dev.tsq.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The simulated path must be what the scenario says: the measured mean and σ of the generated one-way delays and
 * the measured loss against the parameters (each way base + jitter·Exp(1), the random part scaled by 1 ∓
 * 2·asymmetry: over both ways mean base + jitter and σ jitter·sqrt(1 + 8·asymmetry²)). The seeds' average must lie
 * within 4 standard errors (taken from the spread between seeds) plus 1 % of the expected value, and every seed
 * within 25 %.
 */
class PathStatisticsTest {

    private static void near(String what, List<SimResult> rs, ToDoubleFunction<SimResult> f, double expected) {
        int n = rs.size();
        double avg = 0;
        for (SimResult r : rs) {
            double v = f.applyAsDouble(r);
            assertEquals(expected, v, 0.25 * expected, what + ", seed " + r.seed());
            avg += v / n;
        }
        double var = 0;
        for (SimResult r : rs) {
            double d = f.applyAsDouble(r) - avg;
            var += d * d / (n - 1);
        }
        double se = Math.sqrt(var / n);
        assertTrue(Math.abs(avg - expected) <= 4 * se + 0.01 * expected,
                what + ": average " + avg + " vs expected " + expected + " (standard error " + se + ")");
    }

    private static void check(String name, int seeds) {
        Scenario s = Scenarios.get(name);
        ServerSpec p = s.servers().get(0);
        List<SimResult> rs = Runs.run(s, seeds);
        double a = p.asymmetry();
        near(name + " mean one-way delay (us)", rs, SimResult::pathDelayMeanUs, (p.baseDelay() + p.jitter()) * 1e6);
        near(name + " sd of one-way delays (us)", rs, SimResult::pathDelaySdUs,
                p.jitter() * 1e6 * Math.sqrt(1 + 8 * a * a));
        double loss = 0;
        for (SimResult r : rs) {
            loss += r.pathLoss() / seeds;
        }
        assertEquals(p.loss(), loss, 0.03, name + " loss");
    }

    @Test
    void defaults() {
        check("defaults", 20);
    }

    @Test
    void loss() {
        check("loss", 20);
    }

    @Test
    void jitter() {
        check("jitter", 20);
    }

    @Test
    void asymmetry() {
        check("asymmetry", 6);
    }

    @Test
    void fiveServerPaths() {
        // 1 ms base: mean 1.1 ms, σ 100 µs
        check("falsetickers", 10);
    }
}
