package dev.tsq.sync;

import static dev.tsq.sync.SampleTest.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleStatsTest {

    /** Samples with the given offsets and delays, one per millisecond. */
    static List<Sample> samples(long[] offsets, long[] delays) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < offsets.length; i++) {
            out.add(Sample.fromOffsetAndDelay(T0 + i * 1_000_000L, offsets[i], delays[i]));
        }
        return out;
    }

    @Test
    void oddCountAgainstHandComputedValues() {
        List<Sample> s = samples(new long[] {10, 20, 30, 40, 100}, new long[] {5, 4, 3, 6, 7});
        SampleStats st = SampleStats.of(s);
        assertEquals(5, st.count());
        assertEquals(30, st.medianOffsetNanos());
        assertEquals(40, st.meanOffsetNanos());
        // deviations -30 -20 -10 0 60: squares sum 5000, / 4 = 1250, sqrt = 35.36
        assertEquals(35, st.stdevOffsetNanos());
        // |x - 30| = 20 10 0 10 70 -> sorted 0 10 10 20 70 -> 10
        assertEquals(10, st.madOffsetNanos());
        assertEquals(10, st.minOffsetNanos());
        assertEquals(100, st.maxOffsetNanos());
        assertEquals(5, st.medianDelayNanos());
        assertSame(s.get(2), st.minDelaySample());
    }

    @Test
    void evenCountUsesFlooredMeanOfTheMiddleTwo() {
        SampleStats st = SampleStats.of(samples(new long[] {7, 1, 4, 2}, new long[] {10, 20, 30, 41}));
        assertEquals(3, st.medianOffsetNanos()); // (2 + 4) / 2
        assertEquals(3, st.meanOffsetNanos());   // 14 / 4 = 3.5, floored
        // deviations from 3.5: 3.5 -2.5 0.5 -1.5 -> squares 21, / 3 = 7, sqrt = 2.65
        assertEquals(3, st.stdevOffsetNanos());
        // |x - 3| = 4 2 1 1 -> sorted 1 1 2 4 -> (1 + 2) / 2 = 1.5, floored
        assertEquals(1, st.madOffsetNanos());
        assertEquals(25, st.medianDelayNanos()); // (20 + 30) / 2
    }

    @Test
    void negativeMediansAndMeansRoundTowardsNegativeInfinity() {
        SampleStats st = SampleStats.of(samples(new long[] {-3, -2}, new long[] {1, 1}));
        assertEquals(-3, st.medianOffsetNanos());
        assertEquals(-3, st.meanOffsetNanos());
        assertEquals(1, st.stdevOffsetNanos()); // sqrt(0.5) = 0.707 -> 1
        assertEquals(0, st.madOffsetNanos());   // |x - -3| = 0 1 -> 0.5 floored
    }

    @Test
    void singleSampleHasZeroSpread() {
        Sample only = Sample.fromOffsetAndDelay(T0, -250_000_000L, 400_000);
        SampleStats st = SampleStats.of(List.of(only));
        assertEquals(1, st.count());
        assertEquals(-250_000_000L, st.medianOffsetNanos());
        assertEquals(-250_000_000L, st.meanOffsetNanos());
        assertEquals(0, st.stdevOffsetNanos());
        assertEquals(0, st.madOffsetNanos());
        assertEquals(400_000, st.medianDelayNanos());
        assertSame(only, st.minDelaySample());
    }

    @Test
    void minDelayTieKeepsTheFirstSample() {
        List<Sample> s = samples(new long[] {5, 6, 7}, new long[] {9, 3, 3});
        assertSame(s.get(1), SampleStats.of(s).minDelaySample());
    }

    @Test
    void extremeOffsetsDoNotOverflow() {
        // offsets near 2^62, the largest a Sample can hold; two of them sum to 2^63 - 2, which just fits (the next
        // test has sums that do not)
        long big = (1L << 62) - 1;
        Sample hi = Sample.of(0, big + 1, big + 1, 2, new AnomalyBounds(Long.MAX_VALUE));
        Sample hi2 = Sample.of(0, big + 1, big + 1, 2, new AnomalyBounds(Long.MAX_VALUE));
        SampleStats st = SampleStats.of(List.of(hi, hi2));
        assertEquals(big, st.meanOffsetNanos());
        assertEquals(big, st.medianOffsetNanos());
        assertEquals(0, st.stdevOffsetNanos());
    }

    @Test
    void sumsThatDoNotFitInALongStillGiveTheExactMeanAndSpread() {
        // four offsets near +2^62: their sum (about 2^64) does not fit in a long, and a long accumulator would wrap
        // to -8 and report a mean of -2 ns. The exact answers: mean big - 1 (the sum is 4 big - 4), median big - 1,
        // sample stdev sqrt(4 / 3) = 1.15 -> 1, MAD 1.
        long big = (1L << 62) - 1;
        AnomalyBounds any = new AnomalyBounds(Long.MAX_VALUE);
        Sample a = Sample.of(0, big + 1, big + 1, 2, any);
        Sample b = Sample.of(0, big - 1, big - 1, 2, any);
        assertEquals(big, a.offsetNanos());
        assertEquals(big - 2, b.offsetNanos());
        java.math.BigInteger sum = java.math.BigInteger.valueOf(big).multiply(java.math.BigInteger.TWO)
            .add(java.math.BigInteger.valueOf(big - 2).multiply(java.math.BigInteger.TWO));
        assertTrue(sum.bitLength() > 63, "the sum really overflows a long: " + sum);
        SampleStats st = SampleStats.of(List.of(a, a, b, b));
        assertEquals(big - 1, st.meanOffsetNanos());
        assertEquals(big - 1, st.medianOffsetNanos());
        assertEquals(1, st.stdevOffsetNanos());
        assertEquals(1, st.madOffsetNanos());
        assertEquals(big - 2, st.minOffsetNanos());
        assertEquals(big, st.maxOffsetNanos());

        // the same below -2^62: the sum is about -2^64
        Sample c = Sample.of(0, -big + 1, -big + 1, 2, any);
        assertEquals(-big, c.offsetNanos());
        SampleStats neg = SampleStats.of(List.of(c, c, c, c, c));
        assertEquals(-big, neg.meanOffsetNanos());
        assertEquals(-big, neg.medianOffsetNanos());
        assertEquals(0, neg.stdevOffsetNanos());
    }

    @Test
    void rejectsEmptyAndNull() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SampleStats.of(List.of()));
        assertEquals("samples: empty (expected: at least one sample)", e.getMessage());
        assertThrows(NullPointerException.class, () -> SampleStats.of(null));
    }
}
