package dev.tsq.clock.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tsq.spi.ClockSyncStatus;
import dev.tsq.spi.ClockSyncStatus.Leap;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Exact syscall arguments for frequency, status and taking control, worked out by hand from the kernel's
 * definitions (include/uapi/linux/timex.h, kernel/time/ntp.c): USER_HZ = 100, tick in µs per 10 ms (nominal
 * 10000, accepted 9000..11000), freq in ppm × 2^16 (clamped by the kernel to ±500 ppm), one µs of tick = 100 ppm.
 */
class TimexDisciplineBuildersTest {

    private static final int FREQ_TICK = 0x0002 | 0x4000;
    private static final int STATUS_ERRORS = 0x0010 | 0x0004 | 0x0008;

    private static TimexArgs freqArgs(long freq, long tick) {
        return new TimexArgs(FREQ_TICK, 0, freq, 0, 0, 0, 0, 0, tick);
    }

    @Test
    void kernelDefinitions() {
        assertEquals(100, TimexConstants.USER_HZ);
        assertEquals(10_000, TimexConstants.NOMINAL_TICK_MICROS);
        assertEquals(9_000, TimexConstants.MIN_TICK_MICROS);
        assertEquals(11_000, TimexConstants.MAX_TICK_MICROS);
        assertEquals(32_768_000, TimexConstants.MAX_FREQ_SCALED);
        assertEquals(100_500.0, TimexConstants.MAX_TOTAL_PPM);
        assertEquals(16_000_000, TimexConstants.NTP_PHASE_LIMIT_MICROS);
        assertEquals(0xff, TimexConstants.STA_WRITABLE);
        assertEquals("ADJ_FREQUENCY|ADJ_TICK", TimexConstants.modesName(FREQ_TICK));
        assertEquals("ADJ_MAXERROR|ADJ_ESTERROR|ADJ_STATUS", TimexConstants.modesName(STATUS_ERRORS));
    }

    @Test
    void frequencyWithinFiveHundredPpmIsAllFreqWithTheNominalTick() {
        assertEquals(freqArgs(0, 10_000), TimexBuilders.setFrequency(0.0));
        assertEquals(freqArgs(65_536, 10_000), TimexBuilders.setFrequency(1.0));
        assertEquals(freqArgs(-819_200, 10_000), TimexBuilders.setFrequency(-12.5));
        assertEquals(freqArgs(32_768_000, 10_000), TimexBuilders.setFrequency(500.0));
        assertEquals(freqArgs(-32_768_000, 10_000), TimexBuilders.setFrequency(-500.0));
        // 2^-16 ppm is the unit: 0.6 of it rounds up, 0.4 down
        assertEquals(freqArgs(1, 10_000), TimexBuilders.setFrequency(0.6 / 65536));
        assertEquals(freqArgs(0, 10_000), TimexBuilders.setFrequency(0.4 / 65536));
    }

    @Test
    void frequencyBeyondFiveHundredPpmMovesTheHundredsIntoTheTick() {
        // 501 ppm: tick 10005 (+500 ppm) and freq +1 ppm
        assertEquals(freqArgs(65_536, 10_005), TimexBuilders.setFrequency(501.0));
        // 5000 ppm: tick 10050, freq 0; -5000: tick 9950
        assertEquals(freqArgs(0, 10_050), TimexBuilders.setFrequency(5000.0));
        assertEquals(freqArgs(0, 9_950), TimexBuilders.setFrequency(-5000.0));
        // 550 ppm: round(5.5) = 6 -> tick 10006 and freq -50 ppm; -550: round(-5.5) = -5 -> 9995 and -50 ppm
        assertEquals(freqArgs(-50 * 65_536, 10_006), TimexBuilders.setFrequency(550.0));
        assertEquals(freqArgs(-50 * 65_536, 9_995), TimexBuilders.setFrequency(-550.0));
        // 1234.5 ppm: tick 10012, freq 34.5 ppm
        assertEquals(freqArgs(2_260_992, 10_012), TimexBuilders.setFrequency(1234.5));
        // the limits: the tick at 11000/9000 and the full +-500 ppm of freq
        assertEquals(freqArgs(32_768_000, 11_000), TimexBuilders.setFrequency(100_500.0));
        assertEquals(freqArgs(-32_768_000, 9_000), TimexBuilders.setFrequency(-100_500.0));
        assertEquals(freqArgs(0, 11_000), TimexBuilders.setFrequency(100_000.0));
        assertEquals(freqArgs(400 * 65_536, 11_000), TimexBuilders.setFrequency(100_400.0));
    }

    @Test
    void frequencyOutOfRangeOrNotFiniteIsRefused() {
        for (double bad : new double[] {100_500.000001, -100_500.000001, 1e9, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimexBuilders.setFrequency(bad));
            assertEquals("frequency: " + bad + " ppm (expected: -100500 to +100500 ppm, the kernel's tick range "
                + "9000-11000 us plus its +-500 ppm of freq)", e.getMessage());
        }
    }

    @Test
    void totalFrequencyReadsTickAndFreqTogether() {
        assertEquals(0.0, TimexBuilders.totalFrequencyPpm(10_000, 0));
        assertEquals(-12.5, TimexBuilders.totalFrequencyPpm(10_000, -819_200));
        assertEquals(501.0, TimexBuilders.totalFrequencyPpm(10_005, 65_536));
        assertEquals(-100.0, TimexBuilders.totalFrequencyPpm(9_999, 0));
        assertEquals(100_500.0, TimexBuilders.totalFrequencyPpm(11_000, 32_768_000));
    }

    @Test
    void syncStatusSetsUnsyncLeapAndErrorsAndKeepsTheBitsItDoesNotOwn() {
        // current: PLL | FLL | UNSYNC | INS | NANO (read-only); synchronised, no leap: PLL|FLL kept, the rest cleared
        int current = 0x0001 | 0x0008 | 0x0040 | 0x0010 | 0x2000;
        TimexArgs a = TimexBuilders.syncStatus(current,
            ClockSyncStatus.synchronised(Duration.ofNanos(1500), Duration.ofNanos(2001)));
        assertEquals(new TimexArgs(STATUS_ERRORS, 0, 0, 3, 2, 0x0009, 0, 0, 0), a);
        // unsynchronised, leap delete, from a clean status
        a = TimexBuilders.syncStatus(0, new ClockSyncStatus(false, Duration.ofMillis(1), Duration.ofMillis(2),
            Leap.DELETE));
        assertEquals(new TimexArgs(STATUS_ERRORS, 0, 0, 2000, 1000, 0x0040 | 0x0020, 0, 0, 0), a);
        a = TimexBuilders.syncStatus(0x0020, new ClockSyncStatus(true, Duration.ZERO, Duration.ZERO, Leap.INSERT));
        assertEquals(new TimexArgs(STATUS_ERRORS, 0, 0, 0, 0, 0x0010, 0, 0, 0), a);
    }

    @Test
    void errorsRoundToMicrosAndCapAtSixteenSeconds() {
        // the estimate to nearest (499 ns -> 0, 500 ns -> 1 us); the maximum up (1 ns -> 1 us)
        TimexArgs a = TimexBuilders.syncStatus(0, ClockSyncStatus.synchronised(Duration.ofNanos(499), Duration.ofNanos(1)));
        assertEquals(0, a.esterror());
        assertEquals(1, a.maxerror());
        a = TimexBuilders.syncStatus(0, ClockSyncStatus.synchronised(Duration.ofNanos(500), Duration.ofNanos(1000)));
        assertEquals(1, a.esterror());
        assertEquals(1, a.maxerror());
        a = TimexBuilders.syncStatus(0, ClockSyncStatus.synchronised(Duration.ofSeconds(16).minusNanos(1),
            Duration.ofDays(365_000_000)));
        assertEquals(16_000_000, a.esterror());
        assertEquals(16_000_000, a.maxerror());
        a = TimexBuilders.syncStatus(0, ClockSyncStatus.unsynchronised());
        assertEquals(new TimexArgs(STATUS_ERRORS, 0, 0, 16_000_000, 16_000_000, 0x0040, 0, 0, 0), a);
    }

    @Test
    void takingControlCancelsTheSingleshotZeroesThePllOffsetAndClearsThePll() {
        assertEquals(new TimexArgs(0x8001, 0, 0, 0, 0), TimexBuilders.cancelSingleshot());
        // PLL on with UNSYNC|NANO: offset zeroed with STA_PLL held on, then only UNSYNC kept
        int current = 0x0001 | 0x0040 | 0x2000;
        assertEquals(new TimexArgs(0x0011, 0, 0, 0, 0, 0x0041, 0, 0, 0), TimexBuilders.zeroPllOffset(current));
        assertEquals(new TimexArgs(0x0010, 0, 0, 0, 0, 0x0040, 0, 0, 0), TimexBuilders.pllOff(current));
        // PLL, PPSFREQ, PPSTIME, FLL, FREQHOLD all go; INS and DEL stay
        assertEquals(0x0070, TimexBuilders.pllOff(0x00ff).status(), "PLL, PPSFREQ, PPSTIME, FLL, FREQHOLD go; UNSYNC, INS, DEL stay");
        assertEquals(0, TimexBuilders.pllOff(0x2000 | 0x0100).status(), "read-only bits are not sent");
        assertEquals("ADJ_OFFSET|ADJ_STATUS", TimexBuilders.zeroPllOffset(0).modesName());
    }

    @Test
    void returnedTimeUsesTheUnitTheStatusSays() {
        TimexReading nano = new TimexReading(0, 0, 0, 0, 0x2000, 0, 0, 0, 1_700_000_000L, 123_456_789, 10_000, 37);
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123_456_789), TimexBuilders.returnedTime(nano));
        TimexReading micro = new TimexReading(0, 0, 0, 0, 0x0001, 0, 0, 0, 1_700_000_000L, 123_456, 10_000, 37);
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123_456_000), TimexBuilders.returnedTime(micro));
    }
}
