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
    }
}
