package dev.tsq.clock.linux.internal;

import dev.tsq.spi.ClockStatus;

/**
 * The output fields of {@code struct timex} after a call, as a plain value (raw kernel units).
 *
 * @param offset    PLL offset: ns when {@code status} has STA_NANO, else µs (for the ADJ_OFFSET_SS_READ and
 *                  ADJ_OFFSET_SINGLESHOT modes: the remaining singleshot offset, always µs)
 * @param freq      frequency offset in scaled ppm (ppm × 65536)
 * @param maxerror  maximum error, µs
 * @param esterror  estimated error, µs
 * @param status    STA_* bits
 * @param constant  PLL time constant
 * @param precision clock precision, µs
 * @param tolerance frequency tolerance, scaled ppm
 * @param timeSec   current time, seconds
 * @param timeFrac  current time fraction: ns when STA_NANO, else µs
 * @param tick      µs between clock ticks
 * @param tai       TAI - UTC, seconds
 */
public record TimexReading(long offset, long freq, long maxerror, long esterror, int status, long constant,
                           long precision, long tolerance, long timeSec, long timeFrac, long tick, int tai) {

    /** True when the kernel reports offset and time fraction in nanoseconds (STA_NANO). */
    public boolean nanoUnits() {
        return (status & TimexConstants.STA_NANO) != 0;
    }

    /** The PLL offset in nanoseconds, whatever unit the kernel used. */
    public long offsetNanos() {
        return nanoUnits() ? offset : Math.multiplyExact(offset, 1000L);
    }

    /** The frequency offset in ppm (scaled ppm / 65536; exact, since a double holds any such value). */
    public double frequencyPpm() {
        return freq / TimexConstants.FREQ_SCALE;
    }

    /**
     * Converts a read-only (modes 0) answer into the SPI's status record.
     *
     * @param clockState the call's return value (TIME_OK .. TIME_ERROR)
     */
    public ClockStatus toClockStatus(int clockState) {
        return new ClockStatus(offsetNanos(), frequencyPpm(), maxerror, esterror, status, tai, clockState,
            constant, tick);
    }
}
