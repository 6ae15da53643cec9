package dev.tsq.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static dev.tsq.testing.PropertyRunner.edges;
import static dev.tsq.testing.PropertyRunner.forAll;
import static dev.tsq.testing.PropertyRunner.forEachCombination;
import static dev.tsq.testing.PropertyRunner.longIn;
import static dev.tsq.testing.PropertyRunner.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Offset/delay identities of {@link Sample#measure}, and its overflow safety against an exact oracle. Each
 * property first checks every combination of its parameters' edge values, then random tries.
 */
class SampleProperties {

    private static final AnomalyBounds WIDE = new AnomalyBounds(Long.MAX_VALUE);
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** Client send times: 0 to 4e18 ns (year 2096). */
    private static final long SEND_MIN = 0;
    private static final long SEND_MAX = 4_000_000_000_000_000_000L;
    /** Server clock offsets: +- 1e15 ns (11.6 days). */
    private static final long THETA_MAX = 1_000_000_000_000_000L;
    /** One-way path delays: up to 10 s. */
    private static final long DELAY_MAX = 10_000_000_000L;
    /** Server processing: up to 1 s. */
    private static final long PROCESSING_MAX = 1_000_000_000L;
    /** Extreme timestamps: mixed into {@link #anyTimestamps}, and every 4-tuple of them is an edge case. */
    private static final long[] EXTREMES = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, 1L,
        Long.MAX_VALUE - 1, Long.MAX_VALUE, 1L << 62, -(1L << 62)};

    /**
     * Client clock reads true time, server clock reads true time + theta; symmetric path delay d each
     * way, server processing p. The measured offset is theta exactly and the delay is 2d.
     */
    @Test
    void symmetricPathMeasuresTheTrueOffsetExactly() {
        long[][] edgeCases = {edges(SEND_MIN, SEND_MAX), edges(-THETA_MAX, THETA_MAX), edges(1, DELAY_MAX),
            edges(0, PROCESSING_MAX)};
        forEachCombination("symmetric path", edgeCases, v -> symmetricPath(v[0], v[1], v[2], v[3]));
        forAll("symmetric path", 0x5A3E_0001L, 1000, r -> symmetricPath(longIn(r, SEND_MIN, SEND_MAX),
                longIn(r, -THETA_MAX, THETA_MAX), longIn(r, 1, DELAY_MAX), longIn(r, 0, PROCESSING_MAX)));
    }

    private static void symmetricPath(long clientSend, long theta, long d, long p) {
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
    @Test
    void asymmetryIsTheOnlyErrorAndStaysWithinHalfTheDelay() {
        long[][] edgeCases = {edges(SEND_MIN, SEND_MAX), edges(-THETA_MAX, THETA_MAX), edges(0, DELAY_MAX),
            edges(0, DELAY_MAX), edges(0, PROCESSING_MAX)};
        forEachCombination("asymmetric path", edgeCases, v -> asymmetricPath(v[0], v[1], v[2], v[3], v[4]));
        forAll("asymmetric path", 0x5A3E_0002L, 1000, r -> asymmetricPath(longIn(r, SEND_MIN, SEND_MAX),
                longIn(r, -THETA_MAX, THETA_MAX), longIn(r, 0, DELAY_MAX), longIn(r, 0, DELAY_MAX),
                longIn(r, 0, PROCESSING_MAX)));
    }

    private static void asymmetricPath(long clientSend, long theta, long d1, long d2, long p) {
        long t1 = clientSend;
        long t2 = clientSend + d1 + theta;
        long t3 = t2 + p;
        long t4 = clientSend + d1 + p + d2;
        if (d1 + d2 <= 0) {
            // a zero round trip is not a measurement: asserted, not skipped
            RejectedSample r = assertInstanceOf(RejectedSample.class, Sample.measure(t1, t2, t3, t4, WIDE));
            assertEquals(Anomaly.NON_POSITIVE_DELAY, r.anomaly());
            return;
        }
        Sample s = assertInstanceOf(Sample.class, Sample.measure(t1, t2, t3, t4, WIDE));
        assertEquals(d1 + d2, s.delayNanos());
        assertEquals(theta + Math.floorDiv(d1 - d2, 2), s.offsetNanos());
        assertTrue(Math.abs(s.offsetNanos() - theta) <= s.halfDelayNanos(),
                () -> "offset " + s.offsetNanos() + " theta " + theta + " half delay " + s.halfDelayNanos());
    }

    @Test
    void shiftingServerTimesShiftsTheOffsetAndNotTheDelay() {
        // the parameters of plausible(...), then the shift k
        long[][] edgeCases = {edges(SEND_MIN, SEND_MAX), edges(-PLAUSIBLE_THETA_MAX, PLAUSIBLE_THETA_MAX),
            edges(0, PROCESSING_MAX), edges(0, PROCESSING_MAX), edges(0, PROCESSING_MAX), edges(-THETA_MAX, THETA_MAX)};
        forEachCombination("shifting", edgeCases, v -> shifting(plausible(v[0], v[1], v[2], v[3], v[4]), v[5]));
        forAll("shifting", 0x5A3E_0003L, 1000, r -> shifting(plausible(r), longIn(r, -THETA_MAX, THETA_MAX)));
    }

    private static void shifting(long[] ts, long k) {
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
    @Test
    void swappingRolesNegatesTheOffset() {
        long[][] edgeCases = {edges(SEND_MIN, SEND_MAX), edges(-THETA_MAX, THETA_MAX), edges(1, DELAY_MAX),
            edges(0, PROCESSING_MAX)};
        forEachCombination("swapping roles", edgeCases, v -> swappingRoles(v[0], v[1], v[2], v[3]));
        forAll("swapping roles", 0x5A3E_0004L, 1000, r -> swappingRoles(longIn(r, SEND_MIN, SEND_MAX),
                longIn(r, -THETA_MAX, THETA_MAX), longIn(r, 1, DELAY_MAX), longIn(r, 0, PROCESSING_MAX)));
    }

    private static void swappingRoles(long start, long theta, long d, long p) {
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

    /**
     * Any four longs: never an exception, and the result agrees with exact (BigInteger) arithmetic. Edge
     * cases: every 4-tuple of {@link #EXTREMES} with each edge bound.
     */
    @Test
    void anyTimestampsAgreeWithAnExactOracle() {
        long[][] edgeCases = {EXTREMES, EXTREMES, EXTREMES, EXTREMES, edges(1, Long.MAX_VALUE)};
        forEachCombination("exact oracle", edgeCases,
                v -> agreesWithTheOracle(new long[] {v[0], v[1], v[2], v[3]}, v[4]));
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        forAll("exact oracle", 0x5A3E_0005L, 2000, r -> {
            long[] ts = anyTimestamps(r);
            long bound = longIn(r, 1, Long.MAX_VALUE);
            outcomes.merge(agreesWithTheOracle(ts, bound), 1, Integer::sum);
        });
        // the generator must reach every outcome (each is hit dozens of times in 2000 tries)
        assertTrue(outcomes.getOrDefault("VALID", 0) > 0, outcomes::toString);
        for (Anomaly a : Anomaly.values()) {
            assertTrue(outcomes.getOrDefault(a.name(), 0) > 0, () -> a + " never reached: " + outcomes);
        }
    }

    /** Checks one case and returns its outcome: "VALID" or the anomaly's name. */
    private static String agreesWithTheOracle(long[] ts, long bound) {
        Measurement m = Sample.measure(ts[0], ts[1], ts[2], ts[3], new AnomalyBounds(bound));
        assertEquals(expectedAnomaly(ts, bound), m instanceof RejectedSample r ? r.anomaly() : null,
                () -> "timestamps " + Arrays.toString(ts) + " bound " + bound + " gave " + m);
        if (m instanceof Sample s) {
            BigInteger[] b = big(ts);
            BigInteger sum = b[1].subtract(b[0]).add(b[2]).subtract(b[3]);
            BigInteger offset = sum.shiftRight(1); // arithmetic shift = floor division by 2
            assertEquals(offset.longValueExact(), s.offsetNanos());
            assertEquals(b[3].subtract(b[0]).subtract(b[2].subtract(b[1])).longValueExact(), s.delayNanos());
            // and the canonical constructor accepts what measure produced
            assertEquals(s, new Sample(s.t1(), s.t2(), s.t3(), s.t4(), s.offsetNanos(), s.delayNanos()));
        }
        return m instanceof RejectedSample r ? r.anomaly().name() : "VALID";
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

    /**
     * Mixes extreme longs with timestamps clustered around a random base, so every branch is hit: one time
     * in five four wild longs (three in five any long, two in five an extreme), two in five four timestamps
     * within 1000 ns of a base, and two in five such timestamps in order.
     */
    private static long[] anyTimestamps(SplittableRandom r) {
        int kind = r.nextInt(5);
        long[] out = new long[4];
        if (kind == 0) {
            for (int i = 0; i < 4; i++) {
                out[i] = r.nextInt(5) < 3 ? longIn(r, Long.MIN_VALUE, Long.MAX_VALUE) : oneOf(r, EXTREMES);
            }
            return out;
        }
        long base = longIn(r, Long.MIN_VALUE, Long.MAX_VALUE);
        long[] deltas = new long[4];
        for (int i = 0; i < 4; i++) {
            deltas[i] = longIn(r, -1_000, 1_000);
        }
        if (kind >= 3) {
            // sorted deltas give T1 <= T2 <= T3 <= T4: mostly valid, or overflowing when the base is extreme
            Arrays.sort(deltas);
        }
        for (int i = 0; i < 4; i++) {
            out[i] = base + deltas[i]; // may wrap near the extremes: that's wanted
        }
        return out;
    }

    /** Server clock offsets of plausible timestamps: +- 1e12 ns (16.7 minutes). */
    private static final long PLAUSIBLE_THETA_MAX = 1_000_000_000_000L;

    /** Valid timestamps of ordinary magnitude. */
    private static long[] plausible(SplittableRandom r) {
        return plausible(longIn(r, SEND_MIN, SEND_MAX), longIn(r, -PLAUSIBLE_THETA_MAX, PLAUSIBLE_THETA_MAX),
                longIn(r, 0, PROCESSING_MAX), longIn(r, 0, PROCESSING_MAX), longIn(r, 0, PROCESSING_MAX));
    }

    /** t1 in [0, 4e18], theta in +- 1e12, x0, x1, x2 in [0, 1e9]: delays x0 and x2 + 1, processing x1. */
    private static long[] plausible(long t1, long theta, long x0, long x1, long x2) {
        long d1 = x0;
        long p = x1;
        long d2 = x2 + 1;
        long t2 = t1 + d1 + theta;
        return new long[] {t1, t2, t2 + p, t1 + d1 + p + d2};
    }
}
