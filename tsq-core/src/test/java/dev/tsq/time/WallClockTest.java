package dev.tsq.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Test clocks: fixed and offset clocks never read the real one. */
class WallClockTest {

    @Test
    void fixedClockAlwaysAnswersTheSame() {
        WallClock c = WallClock.fixed(1_700_000_000_123_456_789L);
        assertEquals(1_700_000_000_123_456_789L, c.epochNanos());
        assertEquals(1_700_000_000_123_456_789L, c.epochNanos());
    }

    @Test
    void offsetClocksShiftAndCompose() {
        AtomicLong now = new AtomicLong(1_000);
        WallClock base = now::get;
        WallClock ahead = base.offsetBy(250);
        WallClock behind = ahead.offsetBy(-1_000);
        assertEquals(1_250, ahead.epochNanos());
        assertEquals(250, behind.epochNanos());
        now.set(5_000);
        assertEquals(5_250, ahead.epochNanos(), "an offset clock follows its base");
        assertEquals(4_250, behind.epochNanos());
    }

    @Test
    void theSystemClockNamesItself() {
        assertEquals("WallClock.SYSTEM", WallClock.SYSTEM.toString());
    }

    @Test
    void ntpBitsFromATestClock() {
        WallClock c = WallClock.fixed(0);
        assertEquals(0x83AA7E80_00000000L, NtpTimestamp.fromEpochNanos(c.epochNanos()));
        assertEquals(0x83AA7E80_80000000L, NtpTimestamp.fromEpochNanos(c.offsetBy(500_000_000L).epochNanos()));
    }
}
