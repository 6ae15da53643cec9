package dev.tsq.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Offset/delay identities of {@link Sample#measure}, and its overflow safety against an exact oracle. */
class SampleProperties {

    private static final AnomalyBounds WIDE = new AnomalyBounds(Long.MAX_VALUE);
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /**
     * Client clock reads true time, server clock reads true time + theta; symmetric path delay d each
     * way, server processing p. The measured offset is theta exactly and the delay is 2d.
     */
    @Property
    void symmetricPathMeasuresTheTrueOffsetExactly(
            @ForAll @LongRange(min = 0, max = 4_000_000_000_000_000_000L) long clientSend,
            @ForAll @LongRange(min = -1_000_000_000_000_000L, max = 1_000_000_000_000_000L) long theta,
            @ForAll @LongRange(min = 1, max = 10_000_000_000L) long d,
            @ForAll @LongRange(min = 0, max = 1_000_000_000L) long p) {
        long t1 = clientSend;
        long t2 = clientSend + d + theta;
        long t3 = t2 + p;
        long t4 = clientSend + 2 * d + p;
        Sample s = assertInstanceOf(Sample.class, Sample.measure(t1, t2, t3, t4, WIDE));
        assertEquals(theta, s.offsetNanos());
        assertEquals(2 * d, s.delayNanos());
    }

    /**
     * With path delays d1 (out) and d2 (back) the error is exactly floorDiv(d1 - d2, 2), and the true
     * offset always lies in the correctness interval offset +- ceil(delay / 2).
     */
    @Property
    void asymmetryIsTheOnlyErrorAndStaysWithinHalfTheDelay(
            @ForAll @LongRange(min = 0, max = 4_000_000_000_000_000_000L) long clientSend,
            @ForAll @LongRange(min = -1_000_000_000_000_000L, max = 1_000_000_000_000_000L) long theta,
            @ForAll @LongRange(min = 0, max = 10_000_000_000L) long d1,
            @ForAll @LongRange(min = 0, max = 10_000_000_000L) long d2,
            @ForAll @LongRange(min = 0, max = 1_000_000_000L) long p) {
        Assume.that(d1 + d2 > 0);
        long t1 = clientSend;
        long t2 = clientSend + d1 + theta;
        long t3 = t2 + p;
        long t4 = clientSend + d1 + p + d2;
        Sample s = assertInstanceOf(Sample.class, Sample.measure(t1, t2, t3, t4, WIDE));
        assertEquals(d1 + d2, s.delayNanos());
        assertEquals(theta + Math.floorDiv(d1 - d2, 2), s.offsetNanos());
        assertTrue(Math.abs(s.offsetNanos() - theta) <= s.halfDelayNanos(),
                () -> "offset " + s.offsetNanos() + " theta " + theta + " half delay " + s.halfDelayNanos());
    }

    @Property
    void shiftingServerTimesShiftsTheOffsetAndNotTheDelay(
            @ForAll("plausible") long[] ts,
            @ForAll @LongRange(min = -1_000_000_000_000_000L, max = 1_000_000_000_000_000L) long k) {
        Sample base = assertInstanceOf(Sample.class, Sample.measure(ts[0], ts[1], ts[2], ts[3], WIDE));
        Sample shifted = assertInstanceOf(Sample.class,
                Sample.measure(ts[0], ts[1] + k, ts[2] + k, ts[3], WIDE));
        assertEquals(base.offsetNanos() + k, shifted.offsetNanos());
        assertEquals(base.delayNanos(), shifted.delayNanos());
        Sample clientShifted = assertInstanceOf(Sample.class,
                Sample.measure(ts[0] + k, ts[1], ts[2], ts[3] + k, WIDE));
        assertEquals(base.offsetNanos() - k, clientShifted.offsetNanos());
        assertEquals(base.delayNanos(), clientShifted.delayNanos());
    }

    /**
     * Swapping roles: the server measuring the client over the same symmetric path sees -theta, and
     * both sides agree on the delay.
     */
    @Property
    void swappingRolesNegatesTheOffset(
            @ForAll @LongRange(min = 0, max = 4_000_000_000_000_000_000L) long start,
            @ForAll @LongRange(min = -1_000_000_000_000_000L, max = 1_000_000_000_000_000L) long theta,
            @ForAll @LongRange(min = 1, max = 10_000_000_000L) long d,
            @ForAll @LongRange(min = 0, max = 1_000_000_000L) long p) {
        // client measures server (server = client + theta)
        Sample forward = Sample.of(start, start + d + theta, start + d + theta + p, start + 2 * d + p, WIDE);
        // server measures client (client = server - theta); server sends at its own time start + theta
        long s1 = start + theta;
        long c2 = s1 + d - theta;
        Sample backward = Sample.of(s1, c2, c2 + p, s1 + 2 * d + p, WIDE);
        assertEquals(theta, forward.offsetNanos());
        assertEquals(-forward.offsetNanos(), backward.offsetNanos());
        assertEquals(forward.delayNanos(), backward.delayNanos());
    }

    /** Any four longs: never an exception, and the result agrees with exact (BigInteger) arithmetic. */
    @Property(tries = 2000)
    void anyTimestampsAgreeWithAnExactOracle(@ForAll("anyTimestamps") long[] ts,
                                             @ForAll @LongRange(min = 1) long bound) {
        Measurement m = Sample.measure(ts[0], ts[1], ts[2], ts[3], new AnomalyBounds(bound));
        net.jqwik.api.statistics.Statistics.collect(m instanceof RejectedSample r0 ? r0.anomaly().name() : "VALID");
        assertEquals(expectedAnomaly(ts, bound), m instanceof RejectedSample r ? r.anomaly() : null,
                () -> "timestamps " + java.util.Arrays.toString(ts) + " bound " + bound + " gave " + m);
        if (m instanceof Sample s) {
            BigInteger[] b = big(ts);
            BigInteger sum = b[1].subtract(b[0]).add(b[2]).subtract(b[3]);
            BigInteger offset = sum.shiftRight(1); // arithmetic shift = floor division by 2
            assertEquals(offset.longValueExact(), s.offsetNanos());
            assertEquals(b[3].subtract(b[0]).subtract(b[2].subtract(b[1])).longValueExact(), s.delayNanos());
            // and the canonical constructor accepts what measure produced
            assertEquals(s, new Sample(s.t1(), s.t2(), s.t3(), s.t4(), s.offsetNanos(), s.delayNanos()));
        }
        // the generator must reach every outcome (each is hit dozens of times in 2000 tries)
        net.jqwik.api.statistics.Statistics.coverage(checker -> {
            checker.check("VALID").count(c -> c > 0);
            for (Anomaly a : Anomaly.values()) {
                checker.check(a.name()).count(c -> c > 0);
            }
        });
    }

    /** The documented checking order, computed exactly. */
    private static Anomaly expectedAnomaly(long[] ts, long bound) {
        BigInteger[] b = big(ts);
        if (ts[3] < ts[0]) {
            return Anomaly.CLIENT_TIME_REVERSED;
        }
        if (ts[2] < ts[1]) {
            return Anomaly.SERVER_TIME_REVERSED;
        }
        BigInteger delay = b[3].subtract(b[0]).subtract(b[2].subtract(b[1]));
        if (delay.signum() <= 0) {
            return Anomaly.NON_POSITIVE_DELAY;
        }
        BigInteger forward = b[1].subtract(b[0]);
        BigInteger offset = forward.subtract(delay.add(BigInteger.ONE).shiftRight(1));
        if (delay.compareTo(MAX) > 0 || !fits(forward) || !fits(offset)) {
            return Anomaly.ARITHMETIC_OVERFLOW;
        }
        if (offset.abs().compareTo(BigInteger.valueOf(bound)) > 0) {
            return Anomaly.OFFSET_BEYOND_BOUND;
        }
        return null;
    }

    private static boolean fits(BigInteger v) {
        return v.compareTo(MIN) >= 0 && v.compareTo(MAX) <= 0;
    }

    private static BigInteger[] big(long[] ts) {
        BigInteger[] b = new BigInteger[4];
        for (int i = 0; i < 4; i++) {
            b[i] = BigInteger.valueOf(ts[i]);
        }
        return b;
    }

    /** Mixes extreme longs with timestamps clustered around a random base, so every branch is hit. */
    @Provide
    Arbitrary<long[]> anyTimestamps() {
        Arbitrary<Long> extreme = Arbitraries.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, 1L,
                Long.MAX_VALUE - 1, Long.MAX_VALUE, 1L << 62, -(1L << 62));
        Arbitrary<Long> wild = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.longs()),
                net.jqwik.api.Tuple.of(2, extreme));
        Arbitrary<long[]> clustered = Arbitraries.longs().flatMap(base ->
                Arbitraries.longs().between(-1_000, 1_000).array(long[].class).ofSize(4)
                        .map(deltas -> {
                            long[] out = new long[4];
                            for (int i = 0; i < 4; i++) {
                                out[i] = base + deltas[i]; // may wrap near the extremes: that's wanted
                            }
                            return out;
                        }));
        // sorted deltas give T1 <= T2 <= T3 <= T4: mostly valid, or overflowing when the base is extreme
        Arbitrary<long[]> ordered = clustered.map(ts -> {
            long base = ts[0];
            long[] deltas = {ts[0] - base, ts[1] - base, ts[2] - base, ts[3] - base};
            java.util.Arrays.sort(deltas);
            return new long[] {base + deltas[0], base + deltas[1], base + deltas[2], base + deltas[3]};
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, wild.array(long[].class).ofSize(4)),
                net.jqwik.api.Tuple.of(2, clustered),
                net.jqwik.api.Tuple.of(2, ordered));
    }

    /** Valid timestamps of ordinary magnitude. */
    @Provide
    Arbitrary<long[]> plausible() {
        return Arbitraries.longs().between(0, 4_000_000_000_000_000_000L).flatMap(t1 ->
                Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L).flatMap(theta ->
                        Arbitraries.longs().between(0, 1_000_000_000L).array(long[].class).ofSize(3)
                                .map(x -> {
                                    long d1 = x[0];
                                    long p = x[1];
                                    long d2 = x[2] + 1;
                                    long t2 = t1 + d1 + theta;
                                    return new long[] {t1, t2, t2 + p, t1 + d1 + p + d2};
                                })));
    }
}
