package dev.tsq.clock.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tsq.spi.ClockStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Converting the kernel's raw struct timex into ClockStatus. */
class TimexReadingTest {

    private static TimexReading reading(long offset, long freq, int status) {
        return new TimexReading(offset, freq, 16_000_000, 16_000_000, status, 2, 1, 32_768_000, 0, 0, 10_000, 37);
    }

    @Test
    void offsetIsMicrosecondsWithoutStaNano() {
        ClockStatus s = reading(-1234, 0, TimexConstants.STA_PLL).toClockStatus(0);
        assertEquals(-1_234_000, s.offsetNanos());
    }

    @Test
    void offsetIsNanosecondsWithStaNano() {
        ClockStatus s = reading(-1234, 0, TimexConstants.STA_PLL | TimexConstants.STA_NANO).toClockStatus(0);
        assertEquals(-1234, s.offsetNanos());
        assertEquals(List.of("PLL", "NANO"), s.flags());
    }

    @Test
    void frequencyIsScaledPpm() {
        assertEquals(1.0, reading(0, 65_536, 0).toClockStatus(0).frequencyPpm());
        assertEquals(-12.5, reading(0, -819_200, 0).toClockStatus(0).frequencyPpm());
        assertEquals(500.0, reading(0, 32_768_000, 0).toClockStatus(0).frequencyPpm());
        assertEquals(1 / 65536.0, reading(0, 1, 0).toClockStatus(0).frequencyPpm());
    }

    @Test
    void otherFieldsAndReturnValuePassThrough() {
        ClockStatus s = reading(0, 0, TimexConstants.STA_UNSYNC).toClockStatus(5);
        assertEquals(16_000_000, s.maxErrorMicros());
        assertEquals(16_000_000, s.estErrorMicros());
        assertEquals(TimexConstants.STA_UNSYNC, s.status());
        assertEquals(37, s.taiOffsetSeconds());
        assertEquals(5, s.clockState());
        assertEquals("TIME_ERROR", s.clockStateName());
        assertEquals(2, s.timeConstant());
        assertEquals(10_000, s.tickMicros());
        assertEquals(false, s.synced());
    }
}
