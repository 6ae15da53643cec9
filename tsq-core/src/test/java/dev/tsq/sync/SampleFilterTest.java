package dev.tsq.sync;

import static dev.tsq.sync.SampleStatsTest.samples;
import static dev.tsq.sync.SampleTest.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleFilterTest {

    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;

    private static List<Long> offsets(List<Sample> samples) {
        return samples.stream().map(Sample::offsetNanos).toList();
    }

    @Test
    void rejectsAnOffsetFarBeyondTheMedianByMad() {
        List<Sample> s = samples(new long[] {100 * US, 110 * US, 120 * US, 130 * US, 50 * MS},
                new long[] {MS, MS, MS, MS, MS});
        // median 120 us, MAD 10 us: 5 MAD = 50 us; no floor
        SampleFilter filter = SampleFilter.DEFAULT.withOutlierFloorNanos(0);
        assertEquals(50 * US, filter.outlierThresholdNanos(10 * US));
        assertEquals(List.of(100 * US, 110 * US, 120 * US, 130 * US), offsets(filter.rejectOutliers(s)));
        // with the default 1 ms floor the result is the same: 50 ms is far beyond either
        assertEquals(4, SampleFilter.DEFAULT.rejectOutliers(s).size());
    }

    @Test
    void floorKeepsAZeroMadFromRejectingEverythingThatDiffers() {
        List<Sample> s = samples(new long[] {0, 0, 0, 5, 1_000 * MS}, new long[] {10, 10, 10, 10, 10});
        // MAD is 0: without a floor, even the sample 5 ns off goes
        assertEquals(List.of(0L, 0L, 0L), offsets(SampleFilter.DEFAULT.withOutlierFloorNanos(0).rejectOutliers(s)));
        // the default floor of 1 ms keeps it, and still drops the 1 s outlier
        assertEquals(List.of(0L, 0L, 0L, 5L), offsets(SampleFilter.DEFAULT.rejectOutliers(s)));
    }

    @Test
    void keepsTheLowestDelaysLowestFirstStableOnTies() {
        List<Sample> s = samples(new long[] {1, 2, 3, 4, 5, 6}, new long[] {5, 1, 4, 2, 3, 2});
        List<Sample> best = SampleFilter.DEFAULT.withKeepBest(3).bestByDelay(s);
        assertEquals(List.of(2L, 4L, 6L), offsets(best));
        assertEquals(List.of(1L, 2L, 2L), best.stream().map(Sample::delayNanos).toList());
        assertEquals(6, SampleFilter.DEFAULT.bestByDelay(s).size()); // fewer than 8: all kept
    }

    @Test
    void estimateIsTheMinDelaySampleWithHalfItsDelayAndTheDeclaredErrorAsItsError() {
        List<Measurement> m = new ArrayList<>(samples(new long[] {96, 100, 103, 400}, new long[] {3_000, 1_001, 2_000, 9_000}));
        m.add(Sample.measure(T0, T0, T0, T0 - 1)); // client reversed: counted, not used
        SampleFilter filter = new SampleFilter(3, 5.0, 1_000, 1_000);
        ServerEstimate e = filter.estimate(new ServerSamples("a", m, 7)).orElseThrow();
        assertEquals("a", e.server());
        assertEquals(5, e.measurements());
        assertEquals(1, e.rejectedMeasurements());
        assertEquals(0, e.outliers());   // 400 is 300 ns from the median 101, inside the 1 us floor
        assertEquals(3, e.keptSamples()); // delays 1001, 2000, 3000
        assertEquals(100, e.offsetNanos());
        assertEquals(1_001, e.best().delayNanos());
        // jitter: kept offsets 103 and 96 against 100 -> sqrt((9 + 16) / 2) = 3.54 -> 4 (rounded up)
        assertEquals(4, e.jitterNanos());
        // error = ceil(1001 / 2) + the server's declared 7 (in place of the tolerance); jitter is reported only
        assertEquals(501 + 7, e.errorNanos());
        assertEquals(100 - 508, e.lowNanos());
        assertEquals(100 + 508, e.highNanos());
        // a server that declares nothing gets the tolerance instead
        ServerEstimate silent = filter.estimate(new ServerSamples("a", m)).orElseThrow();
        assertEquals(501 + 1_000, silent.errorNanos());
        assertEquals(4, e.stats().count()); // stats are over every valid sample
        assertEquals(400, e.stats().maxOffsetNanos());
    }

    @Test
    void aLowDelaySampleWithAWildOffsetIsAnOutlierBeforeItCanWin() {
        // a glitching server stamp: the lowest delay but 2 s off everyone else
        List<Sample> s = samples(new long[] {250 * MS, 250 * MS + 20 * US, 250 * MS - 10 * US, 2_250 * MS},
                new long[] {300 * US, 310 * US, 320 * US, 50 * US});
        ServerEstimate e = SampleFilter.DEFAULT.estimate(new ServerSamples("a", s)).orElseThrow();
        assertEquals(1, e.outliers());
        assertEquals(250 * MS, e.offsetNanos());
        assertEquals(300 * US, e.best().delayNanos());
    }

    @Test
    void noValidSampleGivesNoEstimate() {
        assertTrue(SampleFilter.DEFAULT.estimate(new ServerSamples("a", List.of())).isEmpty());
        assertTrue(SampleFilter.DEFAULT.estimate(new ServerSamples("a",
                List.of(Sample.measure(T0, T0 + 5, T0 + 4, T0 + 10)))).isEmpty());
    }

    @Test
    void validatesItsArguments() {
        assertEquals("keepBest: 0 (expected: >= 1)",
                assertThrows(IllegalArgumentException.class, () -> SampleFilter.DEFAULT.withKeepBest(0)).getMessage());
        assertEquals("outlierMadMultiplier: 0.5 (expected: finite and >= 1)", assertThrows(
                IllegalArgumentException.class, () -> SampleFilter.DEFAULT.withOutlierMadMultiplier(0.5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> SampleFilter.DEFAULT.withOutlierMadMultiplier(Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> SampleFilter.DEFAULT.withOutlierMadMultiplier(Double.POSITIVE_INFINITY));
        assertEquals("outlierFloorNanos: -1 (expected: >= 0)", assertThrows(
                IllegalArgumentException.class, () -> SampleFilter.DEFAULT.withOutlierFloorNanos(-1)).getMessage());
        assertEquals("toleranceNanos: -1 (expected: >= 0)", assertThrows(
                IllegalArgumentException.class, () -> SampleFilter.DEFAULT.withToleranceNanos(-1)).getMessage());
        assertEquals("serverErrorNanos: -1 (expected: >= 0)", assertThrows(
                IllegalArgumentException.class, () -> new ServerSamples("a", List.of(), -1)).getMessage());
        assertEquals("server: \" \" (expected: a non-blank name)", assertThrows(
                IllegalArgumentException.class, () -> new ServerSamples(" ", List.of())).getMessage());
    }

    @Test
    void serverSamplesCopiesAndSplitsItsMeasurements() {
        List<Measurement> in = new ArrayList<>();
        Sample good = Sample.fromOffsetAndDelay(T0, 5, 10);
        Measurement bad = Sample.measure(T0, T0, T0, T0);
        in.add(good);
        in.add(bad);
        ServerSamples s = new ServerSamples("a", in);
        in.clear();
        assertEquals(2, s.measurements().size());
        assertEquals(List.of(good), s.samples());
        assertSame(bad, s.rejected().get(0));
        assertThrows(UnsupportedOperationException.class, () -> s.measurements().add(good));
    }
}
