package dev.tsq.sync;

import static dev.tsq.sync.SampleTest.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        // offsets near +-2^62, the largest a Sample can hold; mean and median need more than 64 bits midway
        long big = (1L << 62) - 1;
        Sample hi = Sample.of(0, big + 1, big + 1, 2, new AnomalyBounds(Long.MAX_VALUE));
        Sample hi2 = Sample.of(0, big + 1, big + 1, 2, new AnomalyBounds(Long.MAX_VALUE));
        SampleStats st = SampleStats.of(List.of(hi, hi2));
        assertEquals(big, st.meanOffsetNanos());
        assertEquals(big, st.medianOffsetNanos());
        assertEquals(0, st.stdevOffsetNanos());
    }

    @Test
    void rejectsEmptyAndNull() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SampleStats.of(List.of()));
        assertEquals("samples: empty (expected: at least one sample)", e.getMessage());
        assertThrows(NullPointerException.class, () -> SampleStats.of(null));
    }
}
