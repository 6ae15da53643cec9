package dev.tsq.sync;

import static dev.tsq.testing.PropertyRunner.edges;
import static dev.tsq.testing.PropertyRunner.forAll;
import static dev.tsq.testing.PropertyRunner.forEachCombination;
import static dev.tsq.testing.PropertyRunner.longIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Simulated rounds: every honest server's clock is within the filter's tolerance of true time, paths
 * have random asymmetric delays, and liars are seconds away. The consensus must contain the truth.
 * Each property first checks every combination of its parameters' edge values (with a few simulation
 * seeds), then random tries.
 */
class CombinerProperties {

    private static final long T0 = SampleTest.T0;
    private static final long MS = 1_000_000L;
    private static final long THETA_MAX = 2_000 * MS;
    /** Seeds of the simulation's own Random for the edge cases. */
    private static final long[] EDGE_SEEDS = {Long.MIN_VALUE, 0, Long.MAX_VALUE};

    /** A server whose clock is theta + serverError ahead of the client, queried {@code count} times. */
    private static ServerSamples simulate(String name, long theta, long serverError, int count, Random rnd) {
        List<Measurement> m = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long t1 = T0 + i * 100 * MS;
            long d1 = 1 + (long) (rnd.nextDouble() * rnd.nextDouble() * 20 * MS); // mostly small, some queueing
            long d2 = 1 + (long) (rnd.nextDouble() * rnd.nextDouble() * 20 * MS);
            long p = (long) (rnd.nextDouble() * 50_000);
            long t2 = t1 + d1 + theta + serverError;
            long t3 = t2 + p;
            long t4 = t1 + d1 + p + d2;
            m.add(Sample.measure(t1, t2, t3, t4));
        }
        return new ServerSamples(name, m);
    }

    @Test
    void allHonestServersAgreeAndTheTruthIsWithinTheUncertainty() {
        long[][] edgeCases = {edges(-THETA_MAX, THETA_MAX), edges(1, 7), edges(1, 10), EDGE_SEEDS};
        forEachCombination("all honest", edgeCases, v -> allHonest(v[0], (int) v[1], (int) v[2], v[3]));
        forAll("all honest", 0xC0B1_0001L, 300, r -> allHonest(longIn(r, -THETA_MAX, THETA_MAX),
                (int) longIn(r, 1, 7), (int) longIn(r, 1, 10), r.nextLong()));
    }

    private static void allHonest(long theta, int servers, int samplesPerServer, long seed) {
        Random rnd = new Random(seed);
        SampleFilter filter = SampleFilter.DEFAULT;
        List<ServerSamples> round = new ArrayList<>();
        for (int s = 0; s < servers; s++) {
            long serverError = (long) ((rnd.nextDouble() * 2 - 1) * filter.toleranceNanos());
            round.add(simulate("s" + s, theta, serverError, samplesPerServer, rnd));
        }
        Estimate e = new Combiner(filter).combine(round);
        assertEquals(Estimate.Status.AGREED, e.status());
        assertEquals(servers, e.agreeingServers().size());
        assertTrue(Math.abs(e.offsetNanos() - theta) <= e.uncertaintyNanos(),
                () -> "theta " + theta + " estimate " + e.offsetNanos() + " +- " + e.uncertaintyNanos());
        assertUncertaintyBounded(e, e.agreeingServers());
    }

    /**
     * The reported uncertainty is not inflated: when all agreeing intervals share a point, [low, high] is their
     * common intersection, so the uncertainty is at most the narrowest agreeing interval's full width (2 x its
     * error). A combiner that reported an infinite (or merely huge) uncertainty would fail here.
     */
    private static void assertUncertaintyBounded(Estimate e, List<String> group) {
        long narrowest = group.stream().mapToLong(n -> e.server(n).orElseThrow().errorNanos()).min().orElseThrow();
        assertTrue(e.uncertaintyNanos() <= 2 * narrowest,
                () -> "uncertainty " + e.uncertaintyNanos() + " exceeds 2 x the narrowest interval's error " + narrowest
                        + " in " + e);
    }

    @Test
    void aMinorityOfLiarsIsRejectedAndTheTruthIsStillWithinTheUncertainty() {
        long[][] edgeCases = {edges(-THETA_MAX, THETA_MAX), edges(1, 4), edges(0, 3), EDGE_SEEDS};
        forEachCombination("minority of liars", edgeCases, v -> minorityOfLiars(v[0], (int) v[1], (int) v[2], v[3]));
        forAll("minority of liars", 0xC0B1_0002L, 300, r -> minorityOfLiars(longIn(r, -THETA_MAX, THETA_MAX),
                (int) longIn(r, 1, 4), (int) longIn(r, 0, 3), r.nextLong()));
    }

    private static void minorityOfLiars(long theta, int liars, int extraHonest, long seed) {
        int honest = liars + 1 + extraHonest; // strictly more honest than liars
        Random rnd = new Random(seed);
        List<ServerSamples> round = new ArrayList<>();
        for (int s = 0; s < honest; s++) {
            round.add(simulate("honest" + s, theta, (long) ((rnd.nextDouble() * 2 - 1) * MS), 4, rnd));
        }
        for (int s = 0; s < liars; s++) {
            long lie = (rnd.nextBoolean() ? 1 : -1) * (1 + rnd.nextInt(3600)) * 1_000 * MS;
            round.add(simulate("liar" + s, theta, lie, 4, rnd));
        }
        java.util.Collections.shuffle(round, rnd);
        Estimate e = Combiner.DEFAULT.combine(round);
        assertEquals(Estimate.Status.AGREED, e.status());
        assertTrue(e.agreeingServers().stream().allMatch(n -> n.startsWith("honest")), e.agreeingServers()::toString);
        assertEquals(honest, e.agreeingServers().size());
        assertTrue(Math.abs(e.offsetNanos() - theta) <= e.uncertaintyNanos(),
                () -> "theta " + theta + " estimate " + e.offsetNanos() + " +- " + e.uncertaintyNanos());
        assertUncertaintyBounded(e, e.agreeingServers());
    }

    /**
     * A colluding minority: {@code colluders} servers report the same wrong offset {@code theta + lie} (identical
     * clocks, so their intervals overlap each other perfectly), against {@code honest > colluders} servers. Wherever
     * the lie is (far, just outside the honest intervals, just inside, on top of the truth):
     * <ul>
     *   <li>the round agrees (the honest servers alone are a majority);</li>
     *   <li>the estimate is within 2 x the largest honest error of the truth: every point covered by a majority is
     *       covered by at least one honest interval, and each honest interval contains the truth;</li>
     *   <li>when the lie is farther than the colluders' and the honest errors together, every colluder is a
     *       falseticker, every honest server agrees and the truth is within the reported uncertainty.</li>
     * </ul>
     */
    @Test
    void aColludingMinorityCannotMoveTheEstimateBeyondTheHonestIntervals() {
        long e = SampleFilter.DEFAULT.toleranceNanos();
        long[] lies = {-3_600_000 * MS, -10 * e, -4 * e - 1, -4 * e, -2 * e - 1, -2 * e, -e, -1, 0, 1, e, 2 * e,
            2 * e + 1, 4 * e, 4 * e + 1, 10 * e, 3_600_000 * MS};
        long[][] edgeCases = {edges(-THETA_MAX, THETA_MAX, 0), edges(1, 3), edges(1, 3), lies, EDGE_SEEDS};
        forEachCombination("colluding minority", edgeCases,
                v -> colludingMinority(v[0], (int) v[1], (int) v[2], v[3], v[4]));
        forAll("colluding minority", 0xC0B1_0003L, 300, r -> colludingMinority(longIn(r, -THETA_MAX, THETA_MAX),
                (int) longIn(r, 1, 4), (int) longIn(r, 1, 3), longIn(r, -20 * e, 20 * e), r.nextLong()));
    }

    private static void colludingMinority(long theta, int colluders, int extraHonest, long lie, long seed) {
        int honest = colluders + extraHonest;
        Random rnd = new Random(seed);
        List<ServerSamples> round = new ArrayList<>();
        for (int s = 0; s < honest; s++) {
            round.add(simulate("honest" + s, theta, 0, 3, rnd));
        }
        // the colluders share one recorded exchange: the same offset, the same delay, the same interval
        ServerSamples template = simulate("x", theta, lie, 1, rnd);
        for (int s = 0; s < colluders; s++) {
            round.add(new ServerSamples("colluder" + s, template.measurements()));
        }
        java.util.Collections.shuffle(round, rnd);
        Estimate est = Combiner.DEFAULT.combine(round);
        String input = "theta " + theta + " lie " + lie + " honest " + honest + " colluders " + colluders;
        assertEquals(Estimate.Status.AGREED, est.status(), () -> input + ": " + est);
        long maxHonestError = 0;
        for (ServerEstimate se : est.servers()) {
            if (se.server().startsWith("honest")) {
                maxHonestError = Math.max(maxHonestError, se.errorNanos());
            }
        }
        long bound = 2 * maxHonestError;
        assertTrue(Math.abs(est.offsetNanos() - theta) <= bound,
                () -> input + ": estimate " + est.offsetNanos() + " is " + (est.offsetNanos() - theta)
                        + " from the truth, beyond 2 x the largest honest error " + bound / 2);
        long colluderError = est.server("colluder0").orElseThrow().errorNanos();
        long colluderOffset = est.server("colluder0").orElseThrow().offsetNanos();
        if (Math.abs(colluderOffset - theta) > colluderError + bound) {
            assertTrue(est.agreeingServers().stream().allMatch(n -> n.startsWith("honest")), () -> input + ": " + est);
            assertEquals(honest, est.agreeingServers().size(), () -> input + ": " + est);
            est.rejectedServers().forEach(r -> assertEquals(ServerRejection.Reason.FALSETICKER, r.reason(), input));
            assertTrue(Math.abs(est.offsetNanos() - theta) <= est.uncertaintyNanos(),
                    () -> input + ": estimate " + est.offsetNanos() + " +- " + est.uncertaintyNanos());
            assertUncertaintyBounded(est, est.agreeingServers());
        }
    }

    /**
     * Even splits are refused: {@code k} honest servers against {@code k} colluders whose shared lie is far from
     * every honest interval (2 of 4, 3 of 6, ...): neither group is more than half of the round.
     */
    @Test
    void anEvenSplitIsRefused() {
        long[][] edgeCases = {edges(-THETA_MAX, THETA_MAX), edges(1, 4), {-3_600_000 * MS, -1_000 * MS, 1_000 * MS,
            3_600_000 * MS}, EDGE_SEEDS};
        forEachCombination("even split", edgeCases, v -> evenSplit(v[0], (int) v[1], v[2], v[3]));
        forAll("even split", 0xC0B1_0004L, 200, r -> evenSplit(longIn(r, -THETA_MAX, THETA_MAX), (int) longIn(r, 1, 5),
                (r.nextBoolean() ? 1 : -1) * longIn(r, 200 * MS, 3_600_000 * MS), r.nextLong()));
    }

    private static void evenSplit(long theta, int k, long lie, long seed) {
        Random rnd = new Random(seed);
        List<ServerSamples> round = new ArrayList<>();
        ServerSamples template = simulate("x", theta, lie, 1, rnd);
        for (int s = 0; s < k; s++) {
            round.add(simulate("honest" + s, theta, 0, 3, rnd));
            round.add(new ServerSamples("colluder" + s, template.measurements()));
        }
        Estimate e = Combiner.DEFAULT.combine(round);
        String input = "theta " + theta + " lie " + lie + " k " + k;
        assertEquals(Estimate.Status.NO_MAJORITY, e.status(), () -> input + ": " + e);
        assertEquals(2 * k, e.rejectedServers().size(), input);
        Decision d = SyncPolicy.DEFAULT.decide(e);
        assertEquals(Action.REFUSED, d.action(), input);
        assertEquals(0, d.correctionNanos(), input);
    }

    /**
     * A liar whose interval is widened to overlap everyone (it declares a huge error of its own) joins the
     * agreeing group, but it cannot drag the estimate out of the honest servers' common intersection, nor
     * inflate the uncertainty beyond it: the truth stays within the reported uncertainty.
     */
    @Test
    void aLiarWithAWidenedIntervalStaysInsideTheHonestIntersection() {
        long[][] edgeCases = {edges(-THETA_MAX, THETA_MAX), edges(1, 4), {-3_600_000 * MS, -500 * MS, -2 * MS, 2 * MS,
            500 * MS, 3_600_000 * MS}, EDGE_SEEDS};
        forEachCombination("widened liar", edgeCases, v -> widenedLiar(v[0], (int) v[1], v[2], v[3]));
        forAll("widened liar", 0xC0B1_0005L, 200, r -> widenedLiar(longIn(r, -THETA_MAX, THETA_MAX),
                (int) longIn(r, 1, 5), (r.nextBoolean() ? 1 : -1) * longIn(r, 1, 3_600_000 * MS), r.nextLong()));
    }

    private static void widenedLiar(long theta, int honest, long lie, long seed) {
        Random rnd = new Random(seed);
        List<ServerSamples> round = new ArrayList<>();
        for (int s = 0; s < honest; s++) {
            round.add(simulate("honest" + s, theta, 0, 3, rnd));
        }
        ServerSamples liar = simulate("liar", theta, lie, 3, rnd);
        // declared error: wide enough that the liar's interval covers every honest interval
        round.add(new ServerSamples("liar", liar.measurements(), Math.abs(lie) + 1_000 * MS));
        java.util.Collections.shuffle(round, rnd);
        Estimate e = Combiner.DEFAULT.combine(round);
        String input = "theta " + theta + " lie " + lie + " honest " + honest;
        assertEquals(Estimate.Status.AGREED, e.status(), () -> input + ": " + e);
        assertEquals(honest + 1, e.agreeingServers().size(), () -> input + ": " + e);
        long low = Long.MIN_VALUE;
        long high = Long.MAX_VALUE;
        List<String> honestNames = new ArrayList<>();
        for (ServerEstimate se : e.servers()) {
            if (se.server().startsWith("honest")) {
                low = Math.max(low, se.lowNanos());
                high = Math.min(high, se.highNanos());
                honestNames.add(se.server());
            }
        }
        long l = low;
        long h = high;
        assertTrue(e.offsetNanos() >= low && e.offsetNanos() <= high,
                () -> input + ": estimate " + e.offsetNanos() + " outside the honest intersection [" + l + ", " + h + "]");
        assertTrue(Math.abs(e.offsetNanos() - theta) <= e.uncertaintyNanos(),
                () -> input + ": estimate " + e.offsetNanos() + " +- " + e.uncertaintyNanos());
        assertTrue(e.uncertaintyNanos() <= high - low, () -> input + ": uncertainty " + e.uncertaintyNanos()
                + " wider than the honest intersection [" + l + ", " + h + "]");
        assertUncertaintyBounded(e, honestNames);
    }
}
