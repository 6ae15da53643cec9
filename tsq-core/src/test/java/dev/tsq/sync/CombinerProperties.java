package dev.tsq.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Simulated rounds: every honest server's clock is within the filter's tolerance of true time, paths
 * have random asymmetric delays, and liars are seconds away. The consensus must contain the truth.
 */
class CombinerProperties {

    private static final long T0 = SampleTest.T0;
    private static final long MS = 1_000_000L;

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

    @Property(tries = 300)
    void allHonestServersAgreeAndTheTruthIsWithinTheUncertainty(
            @ForAll @LongRange(min = -2_000 * MS, max = 2_000 * MS) long theta,
            @ForAll @IntRange(min = 1, max = 7) int servers,
            @ForAll @IntRange(min = 1, max = 10) int samplesPerServer,
            @ForAll long seed) {
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

    @Property(tries = 300)
    void aMinorityOfLiarsIsRejectedAndTheTruthIsStillWithinTheUncertainty(
            @ForAll @LongRange(min = -2_000 * MS, max = 2_000 * MS) long theta,
            @ForAll @IntRange(min = 1, max = 4) int liars,
            @ForAll @IntRange(min = 0, max = 3) int extraHonest,
            @ForAll long seed) {
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
