package dev.tsq.time;

import java.time.Instant;

/**
 * A 64-bit NTP timestamp (RFC 5905): the upper 32 bits count seconds since 1900-01-01T00:00:00Z,
 * the lower 32 bits are a binary fraction of a second (resolution 2^-32 s, about 233 ps).
 *
 * <p>The 32-bit seconds field wraps every 2^32 s (136 years): era 0 ends on 2036-02-07T06:28:16Z.
 * A bare timestamp therefore names one instant per era. {@link #epochNanosOf(long)} resolves it in the
 * window 1968-01-20 .. 2104-02-26 (seconds field with the top bit set belong to era 0, the others to
 * era 1, as RFC 4330 recommends); {@link #epochNanosOf(long, long)} resolves it nearest to a pivot, valid
 * within 68 years of it. Differences between two timestamps are taken as wrapping 64-bit
 * subtraction ({@link #diffNanos(long, long)}) and are correct across the rollover as long as the
 * two are less than 68 years apart.
 *
 * <p>Rounding: nanoseconds to fraction rounds to the nearest 2^-32 s; fraction to nanoseconds rounds
 * to the nearest nanosecond (halves up). Because 2^-32 s is finer than 1 ns, every epoch-nanosecond
 * value in the window survives {@code epochNanosOf(fromEpochNanos(n)) == n} exactly.
 *
 * <p>Hot paths use the static {@code long} methods, which allocate nothing; the record is for APIs.
 *
 * @param bits the raw 64-bit timestamp as it appears on the wire (big-endian, unsigned)
 */
public record NtpTimestamp(long bits) implements Comparable<NtpTimestamp> {

    /** Seconds from 1900-01-01 (NTP epoch) to 1970-01-01 (Unix epoch). */
    public static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long FRACTION_SCALE = 1L << 32;
    /** Unix seconds at which era 1 starts (2036-02-07T06:28:16Z). */
    private static final long ERA1_START_UNIX_SECONDS = FRACTION_SCALE - NTP_TO_UNIX_SECONDS;

    /**
     * Encodes epoch nanoseconds (any era) into raw NTP bits; allocation-free.
     *
     * @param epochNanos nanoseconds since the Unix epoch
     * @return the raw 64 bits (seconds mod 2^32, then the fraction rounded to the nearest 2^-32 s)
     */
    public static long fromEpochNanos(long epochNanos) {
        long unixSeconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        long nanos = Math.floorMod(epochNanos, NANOS_PER_SECOND);
        long fraction = (nanos * FRACTION_SCALE + NANOS_PER_SECOND / 2) / NANOS_PER_SECOND;
        long ntpSeconds = (unixSeconds + NTP_TO_UNIX_SECONDS) & 0xFFFF_FFFFL;
        return (ntpSeconds << 32) | fraction;
    }

    /**
     * Decodes raw bits into epoch nanoseconds in the 1968..2104 window; allocation-free.
     *
     * @param bits raw NTP bits
     * @return nanoseconds since the Unix epoch (era 0 for seconds with the top bit set, era 1 otherwise)
     */
    public static long epochNanosOf(long bits) {
        long ntpSeconds = bits >>> 32;
        long unixSeconds = (ntpSeconds & 0x8000_0000L) != 0
                ? ntpSeconds - NTP_TO_UNIX_SECONDS
                : ntpSeconds + ERA1_START_UNIX_SECONDS;
        return unixSeconds * NANOS_PER_SECOND + fractionToNanos(bits & 0xFFFF_FFFFL);
    }

    /**
     * Decodes raw bits into the epoch nanoseconds nearest to {@code pivotEpochNanos} (within 68 years).
     *
     * @param bits            raw NTP bits
     * @param pivotEpochNanos a time near the one encoded (e.g. the local clock's), epoch nanoseconds
     * @return nanoseconds since the Unix epoch
     */
    public static long epochNanosOf(long bits, long pivotEpochNanos) {
        return pivotEpochNanos + diffNanos(bits, fromEpochNanos(pivotEpochNanos));
    }

    /**
     * {@code a - b} in nanoseconds, by wrapping 64-bit subtraction of the raw bits: correct across
     * era rollovers for timestamps less than 68 years apart.
     *
     * @param a raw NTP bits
     * @param b raw NTP bits
     * @return {@code a - b}, nanoseconds
     */
    public static long diffNanos(long a, long b) {
        long d = a - b;
        long seconds = d >> 32;
        return seconds * NANOS_PER_SECOND + fractionToNanos(d & 0xFFFF_FFFFL);
    }

    private static long fractionToNanos(long fraction) {
        return (fraction * NANOS_PER_SECOND + (FRACTION_SCALE >>> 1)) >>> 32;
    }

    /**
     * The timestamp of an instant given in epoch nanoseconds.
     *
     * @param epochNanos nanoseconds since the Unix epoch
     * @return the timestamp
     */
    public static NtpTimestamp ofEpochNanos(long epochNanos) {
        return new NtpTimestamp(fromEpochNanos(epochNanos));
    }

    /**
     * The timestamp of an instant.
     *
     * @param instant the instant
     * @return the timestamp
     * @throws ArithmeticException when the instant is beyond the range of epoch nanoseconds in a {@code long}
     */
    public static NtpTimestamp of(Instant instant) {
        return ofEpochNanos(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND),
                instant.getNano()));
    }

    /**
     * This timestamp as epoch nanoseconds, in the 1968..2104 window.
     *
     * @return epoch nanoseconds
     */
    public long toEpochNanos() {
        return epochNanosOf(bits);
    }

    /**
     * This timestamp as epoch nanoseconds, in the era nearest to the pivot.
     *
     * @param pivotEpochNanos a time near the one encoded, epoch nanoseconds
     * @return epoch nanoseconds nearest to the pivot
     */
    public long toEpochNanos(long pivotEpochNanos) {
        return epochNanosOf(bits, pivotEpochNanos);
    }

    /**
     * This timestamp as an instant, in the 1968..2104 window.
     *
     * @return the instant
     */
    public Instant toInstant() {
        long n = toEpochNanos();
        return Instant.ofEpochSecond(Math.floorDiv(n, NANOS_PER_SECOND), Math.floorMod(n, NANOS_PER_SECOND));
    }

    /**
     * The NTP seconds field (unsigned 32 bits).
     *
     * @return the seconds field
     */
    public long seconds() {
        return bits >>> 32;
    }

    /**
     * The NTP fraction field (unsigned 32 bits).
     *
     * @return the fraction field, in units of 2^-32 s
     */
    public long fraction() {
        return bits & 0xFFFF_FFFFL;
    }

    /** Orders by wrapping difference, so that order is right across an era rollover. */
    @Override
    public int compareTo(NtpTimestamp other) {
        return Long.signum(bits - other.bits);
    }

    @Override
    public String toString() {
        return String.format("%08x.%08x (%s)", seconds(), fraction(), toInstant());
    }
}
