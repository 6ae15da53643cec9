package dev.tsq.sync;

import static dev.tsq.sync.SampleTest.T0;
import static dev.tsq.testing.PropertyRunner.edges;
import static dev.tsq.testing.PropertyRunner.forAll;
import static dev.tsq.testing.PropertyRunner.forEach;
import static dev.tsq.testing.PropertyRunner.longIn;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SampleFilterProperties {

    private static final long OFFSET_MAX = 5_000_000_000L;
    private static final int SIZE_MAX = 40;
    private static final double[] EDGE_MULTIPLIERS = {1.0, 1.01, 9.99, 10.0};

    /** One case: offsets of 1..40 samples in +- 5 s, and a multiplier in [1, 10]. */
    private record Case(List<Long> offsets, double multiplier) {
    }

    /** With a multiplier >= 1 the threshold is at least the MAD, so at least half the samples survive. */
    @Test
    void outlierRejectionKeepsAtLeastHalf() {
        forEach("at least half kept", edgeCases(), c -> keepsAtLeastHalf(c.offsets(), c.multiplier()));
        forAll("at least half kept", 0xF117_0001L, 300, r -> keepsAtLeastHalf(offsets(r), multiplier(r)));
    }

    private static void keepsAtLeastHalf(List<Long> offsets, double multiplier) {
        List<Sample> samples = new ArrayList<>();
        for (long o : offsets) {
            samples.add(Sample.fromOffsetAndDelay(T0, o, 1_000));
        }
        SampleFilter filter = new SampleFilter(8, multiplier, 0, 0);
        int kept = filter.rejectOutliers(samples).size();
        assertTrue(2 * kept >= samples.size(), () -> kept + " of " + samples.size() + " kept");
    }

    /**
     * For each edge multiplier, lists of 1, 2, 3, 39 and 40 samples: all at one edge offset (for each edge of
     * +- 5 s), alternating between the extremes, and cycling through all edge offsets.
     */
    private static List<Case> edgeCases() {
        long[] edgeOffsets = edges(-OFFSET_MAX, OFFSET_MAX);
        List<Case> cases = new ArrayList<>();
        for (double multiplier : EDGE_MULTIPLIERS) {
            for (int size : new int[] {1, 2, 3, SIZE_MAX - 1, SIZE_MAX}) {
                for (long e : edgeOffsets) {
                    cases.add(new Case(Collections.nCopies(size, e), multiplier));
                }
                List<Long> alternating = new ArrayList<>();
                List<Long> cycling = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    alternating.add(i % 2 == 0 ? -OFFSET_MAX : OFFSET_MAX);
                    cycling.add(edgeOffsets[i % edgeOffsets.length]);
                }
                cases.add(new Case(alternating, multiplier));
                cases.add(new Case(cycling, multiplier));
            }
        }
        return cases;
    }

    /** 1..40 offsets in +- 5 s; a quarter of the lists draw from a pool of three values, so repeats are common. */
    private static List<Long> offsets(SplittableRandom r) {
        int size = (int) longIn(r, 1, SIZE_MAX);
        long[] pool = r.nextInt(4) == 0
                ? new long[] {longIn(r, -OFFSET_MAX, OFFSET_MAX), longIn(r, -OFFSET_MAX, OFFSET_MAX),
                    longIn(r, -OFFSET_MAX, OFFSET_MAX)}
                : null;
        List<Long> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(pool != null ? pool[r.nextInt(pool.length)] : longIn(r, -OFFSET_MAX, OFFSET_MAX));
        }
        return out;
    }

    /** A multiplier in [1, 10]: one time in eight an edge, half of the rest with two decimals, else any double. */
    private static double multiplier(SplittableRandom r) {
        if (r.nextInt(8) == 0) {
            return EDGE_MULTIPLIERS[r.nextInt(EDGE_MULTIPLIERS.length)];
        }
        double m = r.nextDouble(1.0, Math.nextUp(10.0));
        return r.nextBoolean() ? Math.round(m * 100) / 100.0 : m;
    }
}
