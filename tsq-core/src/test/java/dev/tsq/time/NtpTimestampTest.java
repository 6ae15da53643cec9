package dev.tsq.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Known NTP values, the documented rounding, the era window and ordering across the 2036 rollover. */
class NtpTimestampTest {
    private static final long NS = 1_000_000_000L;

    private static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * NS + i.getNano();
    }

    @Test
    void unixEpochIs83aa7e80() {
        assertEquals(0x83AA7E80_00000000L, NtpTimestamp.fromEpochNanos(0));
        assertEquals(0, NtpTimestamp.epochNanosOf(0x83AA7E80_00000000L));
        assertEquals(2_208_988_800L, NtpTimestamp.NTP_TO_UNIX_SECONDS);
        assertEquals(0x83AA7E80L, NtpTimestamp.NTP_TO_UNIX_SECONDS);
        NtpTimestamp t = NtpTimestamp.of(Instant.EPOCH);
        assertEquals(0x83AA7E80L, t.seconds());
        assertEquals(0, t.fraction());
        assertEquals("83aa7e80.00000000 (1970-01-01T00:00:00Z)", t.toString());
    }

    @Test
    void era1StartsAt2036_02_07T06_28_16Z() {
        long rollover = nanos("2036-02-07T06:28:16Z");
        assertEquals(0L, NtpTimestamp.fromEpochNanos(rollover));
        assertEquals(rollover, NtpTimestamp.epochNanosOf(0L));
        assertEquals(Instant.parse("2036-02-07T06:28:16Z"), new NtpTimestamp(0).toInstant());
        assertEquals(0xFFFFFFFF_00000000L, NtpTimestamp.fromEpochNanos(rollover - NS));
        assertEquals(0x00000001_00000000L, NtpTimestamp.fromEpochNanos(rollover + NS));
        assertEquals(Instant.parse("2036-02-07T06:28:15Z"), new NtpTimestamp(0xFFFFFFFF_00000000L).toInstant());
    }

    @Test
    void ntpEpoch1900ResolvesNearItsPivot() {
        long ntpEpoch = nanos("1900-01-01T00:00:00Z");
        assertEquals(0L, NtpTimestamp.fromEpochNanos(ntpEpoch), "1900 and 2036 share the bits 0");
        assertEquals(ntpEpoch, NtpTimestamp.epochNanosOf(0L, nanos("1901-06-01T00:00:00Z")));
        assertEquals(nanos("2036-02-07T06:28:16Z"), NtpTimestamp.epochNanosOf(0L, nanos("2030-01-01T00:00:00Z")));
    }

    @Test
    void halfASecondIsFraction80000000() {
        assertEquals(0x83AA7E80_80000000L, NtpTimestamp.fromEpochNanos(500_000_000L));
        assertEquals(500_000_000L, NtpTimestamp.epochNanosOf(0x83AA7E80_80000000L));
        assertEquals(0x83AA7E80_40000000L, NtpTimestamp.fromEpochNanos(250_000_000L));
        assertEquals(0x83AA7E80_C0000000L, NtpTimestamp.fromEpochNanos(750_000_000L));
    }

    @Test
    void nanosToFractionRoundsToNearest() {
        // 1 ns = 4.294967296 units -> 4; 999999999 ns = 4294967291.7 units -> 4294967292 (no carry into the second)
        assertEquals(4, NtpTimestamp.fromEpochNanos(1) & 0xFFFFFFFFL);
        assertEquals(9, NtpTimestamp.fromEpochNanos(2) & 0xFFFFFFFFL); // 8.59 -> 9
        assertEquals(4_294_967_292L, NtpTimestamp.fromEpochNanos(999_999_999L) & 0xFFFFFFFFL);
        assertEquals(0x83AA7E80L, NtpTimestamp.fromEpochNanos(999_999_999L) >>> 32);
        // 0.501 s = 2151778615.3 units -> 0x80418937 (the reference-response vector's T3)
        assertEquals(0x80418937L, NtpTimestamp.fromEpochNanos(501_000_000L) & 0xFFFFFFFFL);
    }

    @Test
    void fractionToNanosRoundsToNearestHalvesUp() {
        long base = 0x83AA7E80_00000000L;
        assertEquals(0, NtpTimestamp.epochNanosOf(base | 1)); // 0.23 ns
        assertEquals(0, NtpTimestamp.epochNanosOf(base | 2)); // 0.47 ns
        assertEquals(1, NtpTimestamp.epochNanosOf(base | 3)); // 0.70 ns
        // 2^22 units is exactly 976562.5 ns: the half goes up
        assertEquals(976_563, NtpTimestamp.epochNanosOf(base | 0x00400000L));
        // 3 * 2^22 units is exactly 2929687.5 ns
        assertEquals(2_929_688, NtpTimestamp.epochNanosOf(base | 0x00C00000L));
        // the largest fraction is 999999999.77 ns and rounds up into the next second
        assertEquals(NS, NtpTimestamp.epochNanosOf(base | 0xFFFFFFFFL));
        assertEquals(Instant.parse("1970-01-01T00:00:01Z"), new NtpTimestamp(base | 0xFFFFFFFFL).toInstant());
    }

    @Test
    void theDefaultWindowIs1968To2104() {
        assertEquals(Instant.parse("1968-01-20T03:14:08Z"), new NtpTimestamp(0x80000000_00000000L).toInstant());
        assertEquals(Instant.parse("2104-02-26T09:42:23Z"), new NtpTimestamp(0x7FFFFFFF_00000000L).toInstant());
        // one second before the window's start reads as the end of era 1
        long before = NtpTimestamp.fromEpochNanos(nanos("1968-01-20T03:14:07Z"));
        assertEquals(0x7FFFFFFF_00000000L, before);
        assertEquals(Instant.parse("2104-02-26T09:42:23Z"), new NtpTimestamp(before).toInstant());
        // but resolves correctly near a pivot
        assertEquals(nanos("1968-01-20T03:14:07Z"), NtpTimestamp.epochNanosOf(before, nanos("1968-01-01T00:00:00Z")));
    }

    @Test
    void datesBeyond2104ResolveNearThePivot() {
        long t = nanos("2150-06-30T12:00:00.123456789Z");
        long bits = NtpTimestamp.fromEpochNanos(t);
        assertEquals(t, NtpTimestamp.epochNanosOf(bits, nanos("2150-01-01T00:00:00Z")));
        assertEquals(t, new NtpTimestamp(bits).toEpochNanos(nanos("2200-01-01T00:00:00Z")));
        // the default window puts the same bits one era (2^32 s) earlier
        assertEquals(t - (1L << 32) * NS, NtpTimestamp.epochNanosOf(bits));
        // era 2 starts 2172-03-15T12:56:32Z (2^33 s after 1900)
        long era2 = nanos("2172-03-15T12:56:32Z");
        assertEquals(0L, NtpTimestamp.fromEpochNanos(era2));
        assertEquals(era2, NtpTimestamp.epochNanosOf(0L, nanos("2172-01-01T00:00:00Z")));
    }

    @Test
    void diffAcrossTheRolloverIsTheNanosecondDifference() {
        long a = nanos("2036-02-07T06:28:15.75Z");
        long b = nanos("2036-02-07T06:28:16.25Z");
        long ba = NtpTimestamp.fromEpochNanos(a);
        long bb = NtpTimestamp.fromEpochNanos(b);
        assertTrue(Long.compareUnsigned(ba, bb) > 0, "raw bits wrap");
        assertEquals(500_000_000L, NtpTimestamp.diffNanos(bb, ba));
        assertEquals(-500_000_000L, NtpTimestamp.diffNanos(ba, bb));
        assertEquals(0, NtpTimestamp.diffNanos(ba, ba));
    }

    @Test
    void compareToOrdersAcrossTheRollover() {
        List<NtpTimestamp> list = new ArrayList<>();
        String[] times = {"2036-02-07T06:28:17Z", "2036-02-07T06:28:15Z", "2036-02-07T06:28:16Z", "2035-12-31T23:59:59Z", "2036-03-01T00:00:00Z"};
        for (String s : times) {
            list.add(NtpTimestamp.of(Instant.parse(s)));
        }
        list.sort(null);
        List<Instant> sorted = list.stream().map(NtpTimestamp::toInstant).toList();
        assertEquals(List.of(Instant.parse("2035-12-31T23:59:59Z"), Instant.parse("2036-02-07T06:28:15Z"), Instant.parse("2036-02-07T06:28:16Z"),
                Instant.parse("2036-02-07T06:28:17Z"), Instant.parse("2036-03-01T00:00:00Z")), sorted);
        NtpTimestamp x = new NtpTimestamp(0xFFFFFFFF_00000000L);
        NtpTimestamp y = new NtpTimestamp(0x00000001_00000000L);
        assertTrue(x.compareTo(y) < 0);
        assertTrue(y.compareTo(x) > 0);
        assertEquals(0, x.compareTo(new NtpTimestamp(0xFFFFFFFF_00000000L)));
    }

    @Test
    void instantsRoundTripToTheNanosecond() {
        for (String s : new String[] {"2024-01-01T00:00:00.123456789Z", "1999-12-31T23:59:59.999999999Z", "2100-01-01T00:00:00.000000001Z",
                "1968-01-20T03:14:08Z", "2036-02-07T06:28:15.999999999Z"}) {
            Instant i = Instant.parse(s);
            assertEquals(i, NtpTimestamp.of(i).toInstant(), s);
            assertEquals(i.getEpochSecond() * NS + i.getNano(), NtpTimestamp.of(i).toEpochNanos(), s);
        }
        assertEquals(NtpTimestamp.ofEpochNanos(5), NtpTimestamp.of(Instant.ofEpochSecond(0, 5)));
    }

    @Test
    void instantsOutsideTheLongNanosecondRangeAreRefused() {
        assertThrows(ArithmeticException.class, () -> NtpTimestamp.of(Instant.MAX));
        assertThrows(ArithmeticException.class, () -> NtpTimestamp.of(Instant.parse("2300-01-01T00:00:00Z")));
    }

    @Test
    void negativeEpochNanosEncodeWithFlooredSeconds() {
        // 1969-12-31T23:59:59.5Z: seconds field one below the epoch's, fraction one half
        assertEquals(0x83AA7E7F_80000000L, NtpTimestamp.fromEpochNanos(-500_000_000L));
        assertEquals(-500_000_000L, NtpTimestamp.epochNanosOf(0x83AA7E7F_80000000L));
        assertEquals(Instant.parse("1969-12-31T23:59:59.5Z"), new NtpTimestamp(0x83AA7E7F_80000000L).toInstant());
    }
}
