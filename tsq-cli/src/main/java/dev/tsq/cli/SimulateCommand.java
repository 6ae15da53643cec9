package dev.tsq.cli;

import dev.tsq.sim.Scenario;
import dev.tsq.sim.Scenarios;
import dev.tsq.sim.SimResult;
import dev.tsq.sim.Simulation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tsq simulate}: runs the continuous engine in simulated time (clknetsim's model) on one of issue 9's
 * scenarios and prints chrony's figures (sync time, RMS and maximum offset, RMS total frequency error) with the
 * measured statistics of the simulated path.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run the sync engine in simulated time on a scenario (clknetsim's model, chrony's figures).")
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "NAME", description = "The scenario (see --list).")
    String scenario;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "First seed (default 1).")
    long seed;

    @Option(names = "--seeds", paramLabel = "K", defaultValue = "1",
            description = "Run K seeds (N, N+1, ...) and print the median and the worst.")
    int seeds;

    @Option(names = "--json", description = "One JSON object per run.")
    boolean json;

    @Option(names = "--poll-limits", paramLabel = "MIN,MAX",
            description = "Poll interval limits, log2 s (default 6,10: chrony's defaults).")
    String pollLimits;

    @Option(names = "--list", description = "Name the scenarios.")
    boolean list;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            for (Scenario s : Scenarios.all()) {
                out.printf(Locale.ROOT, "%-14s %s%n", s.name(), s.description());
            }
            return TsqCli.OK;
        }
        if (scenario == null) {
            throw new IllegalArgumentException("--scenario: missing (expected: one of --list)");
        }
        if (seeds < 1 || seeds > 10_000) {
            throw new IllegalArgumentException("--seeds: " + seeds + " (expected: 1-10000)");
        }
        Scenario sc = Scenarios.get(scenario);
        if (pollLimits != null) {
            String[] p = pollLimits.split(",");
            if (p.length != 2) {
                throw new IllegalArgumentException("--poll-limits: " + pollLimits + " (expected: MIN,MAX)");
            }
            try {
                sc = sc.withPollLimits(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--poll-limits: " + pollLimits + " (expected: two integers)");
            }
        }
        List<SimResult> results = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            SimResult r = Simulation.run(sc, seed + i);
            results.add(r);
            if (json) {
                Json j = Json.object();
                for (Map.Entry<String, Object> e : r.fields().entrySet()) {
                    j.put(e.getKey(), round(e.getValue()));
                }
                out.println(j);
            } else if (seeds == 1) {
                for (Map.Entry<String, Object> e : r.fields().entrySet()) {
                    out.printf(Locale.ROOT, "%-26s %s%n", e.getKey(), text(e.getValue()));
                }
            } else {
                if (i == 0) {
                    out.printf(Locale.ROOT, "%s (%s), poll 2^%d-2^%d s%n", sc.name(), sc.description(), sc.minPoll(),
                            sc.maxPoll());
                    out.printf(Locale.ROOT, "%6s %9s %11s %11s %9s %6s %8s %6s %10s %9s %7s%n", "seed", "sync_s",
                            "rms_off_us", "max_off_us", "rms_ppm", "steps", "requests", "ft_sel", "path_mean", "path_sd",
                            "loss");
                }
                out.printf(Locale.ROOT, "%6d %9.0f %11.1f %11.1f %9.3f %6d %8d %6d %10.1f %9.1f %7.3f%n", r.seed(),
                        r.syncTimeS(), r.rmsOffsetUs(), r.maxOffsetUs(), r.rmsFreqPpm(), r.steps(), r.requests(),
                        r.falsetickersSelected(), r.pathDelayMeanUs(), r.pathDelaySdUs(), r.pathLoss());
            }
        }
        if (seeds > 1 && !json) {
            summary(out, "median", results, 0.5);
            summary(out, "worst", results, 1.0);
        }
        return TsqCli.OK;
    }

    private static void summary(PrintWriter out, String label, List<SimResult> rs, double q) {
        out.printf(Locale.ROOT, "%6s %9.0f %11.1f %11.1f %9.3f %6.0f %8.0f %6.0f%n", label,
                pick(rs, SimResult::syncTimeS, q), pick(rs, SimResult::rmsOffsetUs, q),
                pick(rs, SimResult::maxOffsetUs, q), pick(rs, SimResult::rmsFreqPpm, q),
                pick(rs, r -> r.steps(), q), pick(rs, r -> r.requests(), q), pick(rs, r -> r.falsetickersSelected(), q));
    }

    /** The median (q = 0.5, the mean of the middle two for an even count) or the worst (q = 1: the largest). */
    static double pick(List<SimResult> rs, ToDoubleFunction<SimResult> f, double q) {
        double[] v = rs.stream().mapToDouble(f).toArray();
        Arrays.sort(v);
        if (q >= 1) {
            // NaN (no statistics window) sorts last and counts as the worst
            return v[v.length - 1];
        }
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Three decimals; tiny magnitudes (the wander, 1e-9) as an exact decimal in E notation instead of 0.0. */
    private static Object round(Object v) {
        if (v instanceof Double d) {
            if (d != 0 && Double.isFinite(d) && Math.abs(d) < 0.01) {
                return java.math.BigDecimal.valueOf(d);
            }
            return Math.round(d * 1000) / 1000.0;
        }
        return v;
    }

    private static String text(Object v) {
        if (v instanceof Double d) {
            return d != 0 && Math.abs(d) < 0.01 ? String.valueOf(d) : String.format(Locale.ROOT, "%.3f", d);
        }
        return String.valueOf(v);
    }
}
