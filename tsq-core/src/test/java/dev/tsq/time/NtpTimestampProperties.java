package dev.tsq.time;

import static dev.tsq.testing.PropertyRunner.forAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * NtpTimestamp properties: exact round trips in the 1968..2104 window, wrapping differences across the
 * 2036 rollover, pivot resolution in any era, and rounding checked against a BigDecimal reference.
 */
class NtpTimestampProperties {
    private static final long NS = 1_000_000_000L;
    /** 1968-01-20T03:14:08Z: the first instant of the default window. */
    private static final long WINDOW_START = ((1L << 31) - NtpTimestamp.NTP_TO_UNIX_SECONDS) * NS;
    /** 2104-02-26T09:42:24Z: just past the last whole second of the default window. */
    private static final long WINDOW_END = ((1L << 32) + (1L << 31) - NtpTimestamp.NTP_TO_UNIX_SECONDS) * NS;
    private static final long ROLLOVER_2036 = ((1L << 32) - NtpTimestamp.NTP_TO_UNIX_SECONDS) * NS;
    /** Less than 2^31 s (68 years) with a second to spare: where wrapping differences are exact. */
    private static final long HALF_ERA = ((1L << 31) - 1) * NS;

    private static long uniform(SplittableRandom r, long from, long to) {
        return r.nextLong(from, to);
    }

    /** Nanoseconds in [from, to), often near the ends or near the 2036 rollover. */
    private static long instantNanos(SplittableRandom r, long from, long to) {
        return switch (r.nextInt(6)) {
            case 0 -> Math.min(to - 1, from + r.nextLong(2 * NS));
            case 1 -> Math.max(from, to - 1 - r.nextLong(2 * NS));
            case 2 -> Math.max(from, Math.min(to - 1, ROLLOVER_2036 + r.nextLong(-5 * NS, 5 * NS)));
            default -> uniform(r, from, to);
        };
    }

    @Test
    void epochNanosRoundTripExactlyInTheWindow() {
        forAll("epochNanosOf(fromEpochNanos(n)) == n", 0x7100_0001L, 20_000, r -> {
            long n = instantNanos(r, WINDOW_START, WINDOW_END);
            assertEquals(n, NtpTimestamp.epochNanosOf(NtpTimestamp.fromEpochNanos(n)), "n = " + n);
            assertEquals(n, NtpTimestamp.ofEpochNanos(n).toEpochNanos());
        });
    }

    @Test
    void instantsRoundTripInTheWindow() {
        forAll("of(instant).toInstant() == instant", 0x7100_0002L, 10_000, r -> {
            long n = instantNanos(r, WINDOW_START, WINDOW_END);
            Instant i = Instant.ofEpochSecond(Math.floorDiv(n, NS), Math.floorMod(n, NS));
            assertEquals(i, NtpTimestamp.of(i).toInstant());
        });
    }

    @Test
    void diffIsTheNanosecondDifferenceAcrossTheRollover() {
        forAll("diffNanos(from(b), from(a)) == b - a", 0x7100_0003L, 20_000, r -> {
            // a anywhere in the long range of epoch nanos (1678..2261), often straddling 2036
            long a = r.nextInt(3) == 0 ? ROLLOVER_2036 + r.nextLong(-3_600 * NS, 3_600 * NS)
                    : uniform(r, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
            long d = switch (r.nextInt(4)) {
                case 0 -> r.nextLong(-NS, NS);
                case 1 -> r.nextLong(-3_600 * NS, 3_600 * NS);
                default -> r.nextLong(-HALF_ERA, HALF_ERA);
            };
            long b = a + d;
            assertEquals(d, NtpTimestamp.diffNanos(NtpTimestamp.fromEpochNanos(b), NtpTimestamp.fromEpochNanos(a)),
                    "a = " + a + ", b = " + b);
        });
    }

    @Test
    void pivotPicksTheEraNearItInAnyEra() {
        forAll("epochNanosOf(from(n), pivot) == n", 0x7100_0004L, 20_000, r -> {
            long n = uniform(r, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2); // 1823..2116, incl. beyond 2104
            if (r.nextBoolean()) {
                n = uniform(r, WINDOW_END, Long.MAX_VALUE / 2 + Long.MAX_VALUE / 4); // 2104..2189: past the default window
            }
            long pivot = n + r.nextLong(-HALF_ERA, HALF_ERA);
            assertEquals(n, NtpTimestamp.epochNanosOf(NtpTimestamp.fromEpochNanos(n), pivot), "n = " + n + ", pivot = " + pivot);
        });
    }

    @Test
    void compareToAgreesWithTheDifference() {
        forAll("sign(compareTo) == sign(b - a)", 0x7100_0005L, 10_000, r -> {
            long a = instantNanos(r, WINDOW_START, WINDOW_END);
            long b = a + r.nextLong(-HALF_ERA, HALF_ERA);
            NtpTimestamp ta = NtpTimestamp.ofEpochNanos(a);
            NtpTimestamp tb = NtpTimestamp.ofEpochNanos(b);
            assertEquals(Long.signum(b - a), Integer.signum(tb.compareTo(ta)));
            assertEquals(Long.signum(a - b), Integer.signum(ta.compareTo(tb)));
        });
    }

    @Test
    void nanosToFractionRoundsToTheNearestUnit() {
        BigDecimal scale = BigDecimal.valueOf(1L << 32);
        BigDecimal billion = BigDecimal.valueOf(NS);
        forAll("fraction == round(nanos * 2^32 / 1e9)", 0x7100_0006L, 20_000, r -> {
            long nanos = r.nextLong(NS);
            long expected = BigDecimal.valueOf(nanos).multiply(scale).divide(billion, 0, RoundingMode.HALF_EVEN).longValueExact();
            long fraction = NtpTimestamp.fromEpochNanos(nanos) & 0xFFFFFFFFL;
            assertEquals(expected, fraction, "nanos = " + nanos);
        });
    }

    @Test
    void fractionToNanosRoundsToTheNearestNanosecondHalvesUp() {
        BigDecimal scale = BigDecimal.valueOf(1L << 32);
        BigDecimal billion = BigDecimal.valueOf(NS);
        forAll("nanos == round_half_up(fraction * 1e9 / 2^32)", 0x7100_0007L, 20_000, r -> {
            long fraction = switch (r.nextInt(4)) {
                case 0 -> (long) (1 + 2 * r.nextInt(1 << 9)) << 22; // exact halves: odd multiples of 2^22
                case 1 -> r.nextLong(16);
                case 2 -> 0xFFFFFFFFL - r.nextLong(16);
                default -> r.nextLong(1L << 32);
            };
            long expected = BigDecimal.valueOf(fraction).multiply(billion).divide(scale, 0, RoundingMode.HALF_UP).longValueExact();
            long bits = (NtpTimestamp.NTP_TO_UNIX_SECONDS << 32) | fraction;
            assertEquals(expected, NtpTimestamp.epochNanosOf(bits), "fraction = " + Long.toHexString(fraction));
            assertEquals(expected, NtpTimestamp.diffNanos(bits, NtpTimestamp.NTP_TO_UNIX_SECONDS << 32));
        });
    }
}
