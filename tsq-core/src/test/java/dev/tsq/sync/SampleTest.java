package dev.tsq.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SampleTest {

    /** 2023-11-14T22:13:20Z in epoch nanos: a realistic base so that nothing hides near zero. */
    static final long T0 = 1_700_000_000_000_000_000L;

    private static RejectedSample rejected(Measurement m) {
        return assertInstanceOf(RejectedSample.class, m);
    }

    @Test
    void computesOffsetAndDelayFromFourTimestamps() {
        // client sends at T0+1000, server (900 ns ahead) receives at T0+2000 and replies at T0+2100,
        // client receives at T0+1300: delay = 300 - 100 = 200, offset = (1000 + 800) / 2 = 900
        Sample s = assertInstanceOf(Sample.class,
                Sample.measure(T0 + 1_000, T0 + 2_000, T0 + 2_100, T0 + 1_300, AnomalyBounds.DEFAULT));
        assertEquals(200, s.delayNanos());
        assertEquals(900, s.offsetNanos());
        assertEquals(100, s.halfDelayNanos());
        assertTrue(s.valid());
    }

    @Test
    void oddSumIsFlooredForPositiveAndNegativeOffsets() {
        // (10 + 7) / 2 = 8.5 -> 8
        assertEquals(8, Sample.of(T0, T0 + 10, T0 + 10, T0 + 3).offsetNanos());
        // (-10 + -13) / 2 = -11.5 -> -12 (floor, not truncation)
        Sample negative = Sample.of(T0, T0 - 10, T0 - 10, T0 + 3);
        assertEquals(-12, negative.offsetNanos());
        assertEquals(3, negative.delayNanos());
        assertEquals(2, negative.halfDelayNanos());
    }

    @Test
    void clientTimeReversed() {
        RejectedSample r = rejected(Sample.measure(T0 + 100, T0 + 50, T0 + 60, T0 + 99, AnomalyBounds.DEFAULT));
        assertEquals(Anomaly.CLIENT_TIME_REVERSED, r.anomaly());
        assertTrue(r.detail().contains("T4"), r.detail());
        assertEquals(T0 + 99, r.t4());
    }

    @Test
    void serverTimeReversed() {
        RejectedSample r = rejected(Sample.measure(T0, T0 + 60, T0 + 59, T0 + 100, AnomalyBounds.DEFAULT));
        assertEquals(Anomaly.SERVER_TIME_REVERSED, r.anomaly());
        assertTrue(r.detail().contains("T3"), r.detail());
    }

    @Test
    void zeroDelayIsNonPositive() {
        // server held the request exactly as long as the whole round trip took
        RejectedSample r = rejected(Sample.measure(T0, T0 + 500, T0 + 600, T0 + 100, AnomalyBounds.DEFAULT));
        assertEquals(Anomaly.NON_POSITIVE_DELAY, r.anomaly());
    }

    @Test
    void negativeDelayIsNonPositive() {
        RejectedSample r = rejected(Sample.measure(T0, T0 + 500, T0 + 700, T0 + 100, AnomalyBounds.DEFAULT));
        assertEquals(Anomaly.NON_POSITIVE_DELAY, r.anomaly());
        assertTrue(r.detail().contains("100 - 200"), r.detail());
    }

    @Test
    void equalClientTimestampsAreNotReversedButHaveNoDelay() {
        RejectedSample r = rejected(Sample.measure(T0, T0 + 5, T0 + 5, T0, AnomalyBounds.DEFAULT));
        assertEquals(Anomaly.NON_POSITIVE_DELAY, r.anomaly());
    }

    @Test
    void offsetExactlyAtBoundIsAcceptedAndOneBeyondIsRejected() {
        AnomalyBounds bounds = new AnomalyBounds(1_000);
        // delay 2, offset = (T2 - T1) - 1
        assertEquals(1_000, assertInstanceOf(Sample.class,
                Sample.measure(T0, T0 + 1_001, T0 + 1_001, T0 + 2, bounds)).offsetNanos());
        assertEquals(-1_000, assertInstanceOf(Sample.class,
                Sample.measure(T0, T0 - 999, T0 - 999, T0 + 2, bounds)).offsetNanos());
        assertEquals(Anomaly.OFFSET_BEYOND_BOUND,
                rejected(Sample.measure(T0, T0 + 1_002, T0 + 1_002, T0 + 2, bounds)).anomaly());
        assertEquals(Anomaly.OFFSET_BEYOND_BOUND,
                rejected(Sample.measure(T0, T0 - 1_000, T0 - 1_000, T0 + 2, bounds)).anomaly());
    }

    @Test
    void defaultBoundIsTwentyFourHours() {
        long day = 86_400_000_000_000L;
        assertEquals(day, AnomalyBounds.DEFAULT.maxAbsOffsetNanos());
        assertInstanceOf(Sample.class, Sample.measure(T0, T0 + day + 1, T0 + day + 1, T0 + 2));
        assertEquals(Anomaly.OFFSET_BEYOND_BOUND,
                rejected(Sample.measure(T0, T0 + day + 2, T0 + day + 2, T0 + 2)).anomaly());
    }

    @Test
    void checkingOrderIsClientServerDelayBound() {
        AnomalyBounds tight = new AnomalyBounds(1);
        // everything wrong at once: client reversed wins
        assertEquals(Anomaly.CLIENT_TIME_REVERSED,
                rejected(Sample.measure(T0 + 10, T0 + 1_000_000, T0, T0, tight)).anomaly());
        // client fine, server reversed and offset huge: server reversed wins
        assertEquals(Anomaly.SERVER_TIME_REVERSED,
                rejected(Sample.measure(T0, T0 + 1_000_000, T0 + 999_999, T0 + 10, tight)).anomaly());
        // both orders fine, delay negative and offset huge: delay wins over the bound
        assertEquals(Anomaly.NON_POSITIVE_DELAY,
                rejected(Sample.measure(T0, T0 + 1_000_000, T0 + 1_000_100, T0 + 10, tight)).anomaly());
    }

    @Test
    void extremeTimestampsGiveOverflowAnomaliesNotExceptions() {
        AnomalyBounds widest = new AnomalyBounds(Long.MAX_VALUE);
        // T4 - T1 = 2^64 - 1: the delay does not fit in a long
        assertEquals(Anomaly.ARITHMETIC_OVERFLOW,
                rejected(Sample.measure(Long.MIN_VALUE, 0, 0, Long.MAX_VALUE, widest)).anomaly());
        // delay 9 is fine, but T2 - T1 = (MAX - 1) - MIN overflows
        assertEquals(Anomaly.ARITHMETIC_OVERFLOW, rejected(Sample.measure(Long.MIN_VALUE, Long.MAX_VALUE - 1,
                Long.MAX_VALUE, Long.MIN_VALUE + 10, widest)).anomaly());
        // T2 - T1 = MIN fits, but the offset MIN - 5 does not
        RejectedSample r = rejected(Sample.measure(0, Long.MIN_VALUE, Long.MIN_VALUE, 10, widest));
        assertEquals(Anomaly.ARITHMETIC_OVERFLOW, r.anomaly());
        assertTrue(r.detail().contains("offset"), r.detail());
        // both spans 2^64 - 1 (unsigned): compared exactly, so this is a zero delay, not an overflow
        assertEquals(Anomaly.NON_POSITIVE_DELAY, rejected(Sample.measure(Long.MIN_VALUE, Long.MIN_VALUE,
                Long.MAX_VALUE, Long.MAX_VALUE, widest)).anomaly());
    }

    @Test
    void largestRepresentableDelayIsAccepted() {
        // T4 - T1 = MAX, T3 - T2 = 0; T2 - T1 = 2^62 and ceil(MAX / 2) = 2^62, so the offset is 0
        long quarter = 1L << 62;
        Sample s = Sample.of(Long.MIN_VALUE, -quarter, -quarter, -1, new AnomalyBounds(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, s.delayNanos());
        assertEquals(0, s.offsetNanos());
    }

    @Test
    void canonicalConstructorChecksConsistency() {
        Sample ok = Sample.of(T0, T0 + 2_000, T0 + 2_100, T0 + 1_300);
        assertEquals(ok, new Sample(T0, T0 + 2_000, T0 + 2_100, T0 + 1_300, 1_400, 1_200));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sample(T0, T0 + 2_000, T0 + 2_100, T0 + 1_300, 1_401, 1_200));
        assertTrue(e.getMessage().startsWith("offsetNanos: 1401 (expected: 1400"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Sample(T0, T0 + 2_000, T0 + 2_100, T0 + 1_300, 1_400, 1_199));
        assertTrue(e.getMessage().startsWith("delayNanos: 1199 (expected: 1200"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Sample(T0, T0 + 6, T0 + 5, T0 + 10, 0, 11));
        assertTrue(e.getMessage().contains("SERVER_TIME_REVERSED"), e.getMessage());
    }

    @Test
    void ofThrowsOnAnomaly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sample.of(T0, T0 + 1, T0 + 1, T0 - 1));
        assertTrue(e.getMessage().contains("CLIENT_TIME_REVERSED"), e.getMessage());
    }

    @Test
    void fromOffsetAndDelayReproducesBothExactly() {
        for (long offset : new long[] {0, 1, -1, 250_000_000, -5_000_000_001L}) {
            for (long delay : new long[] {1, 2, 3, 1_000, 1_001}) {
                Sample s = Sample.fromOffsetAndDelay(T0, offset, delay);
                assertEquals(offset, s.offsetNanos(), "offset " + offset + " delay " + delay);
                assertEquals(delay, s.delayNanos(), "offset " + offset + " delay " + delay);
                assertEquals(s.t2(), s.t3());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Sample.fromOffsetAndDelay(T0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Sample.fromOffsetAndDelay(Long.MAX_VALUE, 0, 10));
    }

    @Test
    void boundsAndRejectedSampleValidateArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AnomalyBounds(0));
        assertEquals("maxAbsOffsetNanos: 0 (expected: > 0)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AnomalyBounds(-1));
        assertThrows(NullPointerException.class, () -> new RejectedSample(1, 2, 3, 4, null, "x"));
        assertThrows(NullPointerException.class, () -> new RejectedSample(1, 2, 3, 4, Anomaly.NON_POSITIVE_DELAY, null));
        assertThrows(NullPointerException.class, () -> Sample.measure(1, 2, 3, 4, null));
        assertEquals("server_time_reversed", Anomaly.SERVER_TIME_REVERSED.wireName());
    }
}
