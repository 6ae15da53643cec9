package dev.tsq.sim;

import dev.tsq.engine.DriftState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The scenarios of issue 9, with chrony's simulation-test parameters (client offset +0.1 s, f₀ +100 ppm, wander
 * 1e-9/s, one perfect server 100 µs + 100 µs·Exp(1) each way, statistics from 211 s to 10,000 s) and chrony's
 * default poll limits 2^6–2^10 s. The engine may slew at up to 83,333 ppm (chrony's maxslewrate; the simulated
 * kernel takes it as ADJ_TICK + ADJ_FREQUENCY).
 */
public final class Scenarios {
    public static final double MAX_SLEW_PPM = 83_333;
    private static final Map<String, Scenario> ALL = new LinkedHashMap<>();

    static {
        ServerSpec d = ServerSpec.defaults();
        add(base("defaults", "chrony 001: one perfect server, delay 100 µs + 100 µs·Exp(1) each way",
                List.of(d), Function.identity()));
        List<ServerSpec> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(d.withDelay(1e-3, 100e-6).withLie(i == 3 ? 1.0 : i == 4 ? 2.0 : 0));
        }
        add(base("falsetickers", "chrony 009: 5 servers, delay 1 ms, two lie by +1 s and +2 s", five,
                Function.identity()));
        List<ServerSpec> three = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            three.add(d.withDelay(1e-3, 100e-6).withLie(i >= 2 ? i - 1.0 : 0));
        }
        add(base("falsetickers3", "5 servers, delay 1 ms, three lie by +1 s, +2 s, +3 s: no majority, never steers",
                three, Function.identity()));
        add(base("loss", "chrony 125: 33 % of packets lost, jitter 10 µs", List.of(d.withDelay(100e-6, 10e-6)
                .withLoss(0.33)), Function.identity()));
        Scenario jitter = base("jitter", "chrony 006: offset 1 s, jitter 0.1 s", List.of(d.withDelay(100e-6, 0.1)),
                Function.identity());
        add(new Scenario(jitter.name(), jitter.description(), jitter.duration(), jitter.statsStart(), 1.0,
                jitter.clientFreqPpm(), false, jitter.wander(), jitter.servers(), 6, 10, jitter.engine(), 0.5,
                200_000, Double.NaN, Double.NaN));
        Scenario wander = base("wander", "chrony 007: wander 1e-7", List.of(d), Function.identity());
        add(new Scenario(wander.name(), wander.description(), wander.duration(), wander.statsStart(), 0.1, 100,
                false, 1e-7, wander.servers(), 6, 10, wander.engine(), 5e-3, 5000, Double.NaN, Double.NaN));
        Scenario asym = base("asymmetry", "chrony 011: jitter 500 µs, jitter asymmetry 0.47, 100,000 s",
                List.of(d.withDelay(100e-6, 500e-6).withAsymmetry(0.47)), Function.identity());
        add(new Scenario(asym.name(), asym.description(), 100_000, 211, 0.1, 100, false, 1e-9, asym.servers(), 6, 10,
                asym.engine(), 1e-3, 500, Double.NaN, Double.NaN));
        add(base("driftfile", "chrony 102: frequency known from the drift file (-100 ppm), burst, makestep 10 ms 3",
                List.of(d), b -> b.initialDrift(new DriftState(-100.0, 0.1))
                        .startupStep(Duration.ofMillis(10), 3)));
        List<ServerSpec> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.add(i == 2 ? d.withOutage(3000, Double.POSITIVE_INFINITY) : d);
        }
        add(base("outage", "3 servers, one vanishes at 3000 s", out, Function.identity()));
        Scenario hold = base("holdover", "one server, gone for 1 h (3000–6600 s) after sync",
                List.of(d.withOutage(3000, 6600)), Function.identity());
        add(new Scenario(hold.name(), hold.description(), 10_000, 211, 0.1, 100, false, 1e-9, hold.servers(), 6, 10,
                hold.engine(), 1e-3, 500, 3000, 6600));
        Scenario f5 = base("freq5000", "f0 = +5000 ppm (even seeds) / -5000 ppm (odd seeds)", List.of(d),
                Function.identity());
        add(new Scenario(f5.name(), f5.description(), 10_000, 211, 0.1, 5000, true, 1e-9, f5.servers(), 6, 10,
                f5.engine(), 1e-3, 500, Double.NaN, Double.NaN));
    }

    private Scenarios() {}

    private static Scenario base(String name, String description, List<ServerSpec> servers,
                                 Function<dev.tsq.engine.EngineConfig.Builder, dev.tsq.engine.EngineConfig.Builder> e) {
        return new Scenario(name, description, 10_000, 211, 0.1, 100, false, 1e-9, servers, 6, 10, e, 1e-3, 500,
                Double.NaN, Double.NaN);
    }

    private static void add(Scenario s) {
        ALL.put(s.name(), s);
    }

    /** Every scenario, in the order. */
    public static List<Scenario> all() {
        return Collections.unmodifiableList(new ArrayList<>(ALL.values()));
    }

    /** The scenario called {@code name}. */
    public static Scenario get(String name) {
        Scenario s = ALL.get(name);
        if (s == null) {
            throw new IllegalArgumentException("scenario: " + name + " (expected: one of " + ALL.keySet() + ")");
        }
        return s;
    }
}
