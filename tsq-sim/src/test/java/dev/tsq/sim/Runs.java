package dev.tsq.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Runs a scenario over a fixed set of seeds and picks medians and worsts. */
final class Runs {
    /** The fixed seeds every scenario test uses (the same as `tsq simulate --seeds 20`). */
    static final int SEEDS = 20;

    private Runs() {}

    static List<SimResult> run(Scenario s, int seeds) {
        List<SimResult> rs = new ArrayList<>();
        for (int i = 1; i <= seeds; i++) {
            rs.add(Simulation.run(s, i));
        }
        return rs;
    }

    static double worst(List<SimResult> rs, ToDoubleFunction<SimResult> f) {
        double w = Double.NEGATIVE_INFINITY;
        for (SimResult r : rs) {
            double v = f.applyAsDouble(r);
            if (Double.isNaN(v)) {
                return Double.NaN;
            }
            w = Math.max(w, v);
        }
        return w;
    }

    static double median(List<SimResult> rs, ToDoubleFunction<SimResult> f) {
        double[] v = rs.stream().mapToDouble(f).toArray();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static String describe(List<SimResult> rs) {
        StringBuilder sb = new StringBuilder();
        for (SimResult r : rs) {
            sb.append(String.format(java.util.Locale.ROOT,
                    "%nseed %d: sync %.0f s, rms %.1f us, max %.1f us, freq %.3f ppm, steps %d, requests %d",
                    r.seed(), r.syncTimeS(), r.rmsOffsetUs(), r.maxOffsetUs(), r.rmsFreqPpm(), r.steps(),
                    r.requests()));
        }
        return sb.toString();
    }
}
