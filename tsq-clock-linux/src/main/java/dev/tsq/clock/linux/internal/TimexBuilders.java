package dev.tsq.clock.linux.internal;

import static dev.tsq.clock.linux.internal.TimexConstants.ADJ_NANO;
import static dev.tsq.clock.linux.internal.TimexConstants.ADJ_OFFSET_SINGLESHOT;
import static dev.tsq.clock.linux.internal.TimexConstants.ADJ_OFFSET_SS_READ;
import static dev.tsq.clock.linux.internal.TimexConstants.ADJ_SETOFFSET;
import static dev.tsq.clock.linux.internal.TimexConstants.MAX_SLEW_MICROS;
import static dev.tsq.clock.linux.internal.TimexConstants.SINGLESHOT_MICROS_PER_SECOND;

import static dev.tsq.clock.linux.internal.TimexConstants.ADJ_ESTERROR;
import static dev.tsq.clock.linux.internal.TimexConstants.ADJ_FREQUENCY;
import static dev.tsq.clock.linux.internal.TimexConstants.ADJ_MAXERROR;
import static dev.tsq.clock.linux.internal.TimexConstants.ADJ_OFFSET;
import static dev.tsq.clock.linux.internal.TimexConstants.ADJ_STATUS;
import static dev.tsq.clock.linux.internal.TimexConstants.ADJ_TICK;
import static dev.tsq.clock.linux.internal.TimexConstants.MAX_FREQ_PPM;
import static dev.tsq.clock.linux.internal.TimexConstants.MAX_TICK_MICROS;
import static dev.tsq.clock.linux.internal.TimexConstants.MAX_TOTAL_PPM;
import static dev.tsq.clock.linux.internal.TimexConstants.MIN_TICK_MICROS;
import static dev.tsq.clock.linux.internal.TimexConstants.NOMINAL_TICK_MICROS;
import static dev.tsq.clock.linux.internal.TimexConstants.NTP_PHASE_LIMIT_MICROS;
import static dev.tsq.clock.linux.internal.TimexConstants.PPM_PER_TICK_MICRO;
import static dev.tsq.clock.linux.internal.TimexConstants.STA_DEL;
import static dev.tsq.clock.linux.internal.TimexConstants.STA_INS;
import static dev.tsq.clock.linux.internal.TimexConstants.STA_PLL;
import static dev.tsq.clock.linux.internal.TimexConstants.STA_UNSYNC;
import static dev.tsq.clock.linux.internal.TimexConstants.STA_WRITABLE;

import dev.tsq.spi.ClockSyncStatus;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Pure functions that turn a requested correction into the exact system-call arguments. Nothing here touches
 * the kernel; {@link dev.tsq.clock.linux.LinuxClockAdjuster} copies the result into a {@link Timex} and calls it.
 * Sign convention (as in the SPI): the duration is what must be <em>added</em> to the clock.
 */
public final class TimexBuilders {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private TimexBuilders() {
    }

    /** modes = 0: read everything, change nothing (the only call that needs no privilege at all). */
    public static TimexArgs readOnly() {
        return new TimexArgs(0, 0, 0, 0, 0);
    }

    /** ADJ_OFFSET_SS_READ: read the remaining singleshot slew (µs) without changing it. */
    public static TimexArgs slewRemainingRead() {
        return new TimexArgs(ADJ_OFFSET_SS_READ, 0, 0, 0, 0);
    }

    /**
     * ADJ_OFFSET_SINGLESHOT (0x8001): slew by the correction, rounded to whole microseconds (half away from zero),
     * at the kernel's fixed 500 ppm. The kernel <em>replaces</em> any slew still in progress with this one, so a
     * correction that rounds to 0 µs (|correction| &lt; 500 ns) cancels a running slew.
     *
     * <p>The kernel itself accepts any {@code long} number of microseconds here; this adjuster caps the slew at
     * ±500 ms (the NTP MAXPHASE bound the kernel PLL also clamps to), which already takes 1000 s to absorb. Larger
     * corrections should be stepped.
     *
     * @throws IllegalArgumentException when the rounded correction is beyond ±500 ms
     */
    public static TimexArgs slewSingleShot(Duration correction) {
        Objects.requireNonNull(correction, "correction");
        long micros = slewMicros(correction);
        return new TimexArgs(ADJ_OFFSET_SINGLESHOT, micros, 0, 0, 0);
    }

    /**
     * The correction in whole microseconds, rounded half away from zero, checked against ±500 ms.
     *
     * @throws IllegalArgumentException when beyond ±500 ms
     */
    public static long slewMicros(Duration correction) {
        Objects.requireNonNull(correction, "correction");
        // Reject far-out values before any arithmetic that could overflow.
        if (correction.getSeconds() > 1 || correction.getSeconds() < -2) {
            throw slewOutOfRange(correction);
        }
        long nanos = correction.toNanos();
        long micros = nanos >= 0 ? (nanos + 500) / 1000 : (nanos - 500) / 1000;
        if (Math.abs(micros) > MAX_SLEW_MICROS) {
            throw slewOutOfRange(correction);
        }
        return micros;
    }

    private static IllegalArgumentException slewOutOfRange(Duration correction) {
        return new IllegalArgumentException("slew correction: " + formatMillis(correction)
            + " (expected: -500 ms to +500 ms; the kernel slews at most 0.5 ms per second, so step larger corrections)");
    }

    /**
     * How long the kernel needs to absorb a singleshot slew: it applies 500 µs per second (the last second gets
     * the remainder), so {@code ceil(|µs| / 500)} seconds; e.g. 100 ms takes 200 s, 500 ms takes 1000 s,
     * 1 µs takes 1 s, 0 takes 0 s.
     *
     * @throws IllegalArgumentException when beyond ±500 ms
     */
    public static Duration slewTime(Duration correction) {
        long micros = Math.abs(slewMicros(correction));
        long seconds = (micros + SINGLESHOT_MICROS_PER_SECOND - 1) / SINGLESHOT_MICROS_PER_SECOND;
        return Duration.ofSeconds(seconds);
    }

    /**
     * ADJ_SETOFFSET | ADJ_NANO (0x2100) for {@code clock_adjtime(CLOCK_REALTIME, ...)}: the kernel adds
     * {@code time} to the clock atomically. {@code time.tv_sec} may be negative but {@code time.tv_usec} (here
     * nanoseconds, because of ADJ_NANO) must be in [0, 1e9): -1.5 s is sent as sec = -2, nsec = 500000000. That is
     * exactly how {@link Duration} stores itself, so no precision is lost and any Duration is representable; the
     * kernel answers EINVAL if the result would leave the valid time range.
     */
    public static TimexArgs stepSetOffset(Duration correction) {
        Objects.requireNonNull(correction, "correction");
        long sec = correction.getSeconds();
        long nsec = correction.getNano(); // always 0..999_999_999, with sec floored
        return new TimexArgs(ADJ_SETOFFSET | ADJ_NANO, 0, 0, sec, nsec);
    }

    /**
     * The fallback step's target for {@code settimeofday}: {@code now + correction}, truncated to microseconds.
     *
     * @param nowSec  {@code clock_gettime(CLOCK_REALTIME)} seconds
     * @param nowNsec its nanoseconds, 0..999999999
     * @throws IllegalArgumentException when the target is before 1970 or beyond what a 64-bit timeval holds
     */
    public static TimeOfDay settimeofdayTarget(long nowSec, long nowNsec, Duration correction) {
        Objects.requireNonNull(correction, "correction");
        if (nowNsec < 0 || nowNsec >= NANOS_PER_SECOND) {
            throw new IllegalArgumentException("nowNsec: " + nowNsec + " (expected: 0-999999999)");
        }
        long nsec = nowNsec + correction.getNano();
        long carry = nsec / NANOS_PER_SECOND;
        nsec %= NANOS_PER_SECOND;
        long sec;
        try {
            sec = Math.addExact(Math.addExact(nowSec, correction.getSeconds()), carry);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("step correction: " + formatMillis(correction)
                + " (expected: a target time a 64-bit timeval can hold)", e);
        }
        if (sec < 0) {
            throw new IllegalArgumentException("step correction: " + formatMillis(correction)
                + " (expected: a target time not before 1970-01-01T00:00:00Z)");
        }
        return new TimeOfDay(sec, nsec / 1000);
    }

    /** {@code "+100 ms"}, {@code "-0.0003 ms"}, {@code "+1500 ms"}: exact, signed, in milliseconds. */
    public static String formatMillis(Duration d) {
        BigDecimal ms = new BigDecimal(BigInteger.valueOf(d.getSeconds())).multiply(BigDecimal.valueOf(1000))
            .add(BigDecimal.valueOf(d.getNano(), 6));
        String plain = ms.stripTrailingZeros().toPlainString();
        return (ms.signum() >= 0 ? "+" : "") + plain + " ms";
    }

    // ---------------------------------------------------------------- frequency

    /**
     * The two kernel fields that together give a frequency correction: {@code tick} (µs per 1/USER_HZ s, nominal
     * 10000) and {@code freq} (scaled ppm, ppm × 2^16, at most ±500 ppm).
     */
    public record FrequencySplit(long tick, long freqScaled) {
        /** The total correction these fields make, in ppm: {@code (tick - 10000) * 100 + freq / 65536}. */
        public double ppm() {
            return totalFrequencyPpm(tick, freqScaled);
        }
    }

    /**
     * Splits a frequency correction between {@code tick} and {@code freq}, from the kernel's definitions (USER_HZ
     * = 100, tick in µs per 10 ms, freq in 2^-16 ppm; the kernel's second is {@code tick * 100000 ns + freq} so
     * one µs of tick is exactly 100 ppm). Within ±500 ppm the tick stays nominal (10000) and all of it goes to
     * {@code freq}; beyond, {@code tick = 10000 + round(ppm / 100)} (clamped to the kernel's 9000..11000) and the
     * remainder (within ±50 ppm, up to ±500 at the clamps) goes to {@code freq}. {@code freq} is rounded to the
     * nearest 2^-16 ppm.
     *
     * @throws IllegalArgumentException when {@code ppm} is not finite or beyond ±100500 ppm (tick at its limit and
     *                                  the full ±500 ppm of freq)
     */
    public static FrequencySplit frequencySplit(double ppm) {
        if (!Double.isFinite(ppm) || Math.abs(ppm) > MAX_TOTAL_PPM) {
            throw new IllegalArgumentException("frequency: " + ppm + " ppm (expected: -100500 to +100500 ppm, "
                + "the kernel's tick range 9000-11000 us plus its +-500 ppm of freq)");
        }
        long tick = NOMINAL_TICK_MICROS;
        if (Math.abs(ppm) > MAX_FREQ_PPM) {
            tick = NOMINAL_TICK_MICROS + Math.round(ppm / PPM_PER_TICK_MICRO);
            tick = Math.max(MIN_TICK_MICROS, Math.min(MAX_TICK_MICROS, tick));
        }
        double rest = ppm - (double) ((tick - NOMINAL_TICK_MICROS) * PPM_PER_TICK_MICRO);
        long freq = Math.round(rest * TimexConstants.FREQ_SCALE);
        // by construction |rest| <= 500 ppm; the clamp only guards the last rounding step at exactly 500
        freq = Math.max(-TimexConstants.MAX_FREQ_SCALED, Math.min(TimexConstants.MAX_FREQ_SCALED, freq));
        return new FrequencySplit(tick, freq);
    }

    /** The total frequency correction of a {@code tick} (µs) and a {@code freq} (scaled ppm), in ppm. */
    public static double totalFrequencyPpm(long tick, long freqScaled) {
        return (tick - NOMINAL_TICK_MICROS) * PPM_PER_TICK_MICRO + freqScaled / TimexConstants.FREQ_SCALE;
    }

    /**
     * ADJ_FREQUENCY | ADJ_TICK (0x4002): run the clock with this total correction, see {@link #frequencySplit}.
     * The tick is always sent, so that a correction back within ±500 ppm also resets a tick set earlier.
     */
    public static TimexArgs setFrequency(double ppm) {
        FrequencySplit split = frequencySplit(ppm);
        return new TimexArgs(ADJ_FREQUENCY | ADJ_TICK, 0, split.freqScaled(), 0, 0, 0, 0, 0, split.tick());
    }

    // ---------------------------------------------------------------- status

    /**
     * ADJ_STATUS | ADJ_MAXERROR | ADJ_ESTERROR (0x001c): publish {@code s}. ADJ_STATUS writes all of the writable
     * STA_* bits, so the ones this call does not own (PLL, FLL, PPSFREQ, PPSTIME, FREQHOLD) are copied from
     * {@code currentStatus} (a modes-0 read just before); STA_UNSYNC is set when not synchronised, STA_INS or
     * STA_DEL for a leap second. The errors go in whole µs: the estimate rounded to nearest, the maximum rounded
     * up (a bound must not shrink), both capped at the kernel's 16 s.
     */
    public static TimexArgs syncStatus(int currentStatus, ClockSyncStatus s) {
        Objects.requireNonNull(s, "s");
        int status = currentStatus & STA_WRITABLE & ~(STA_UNSYNC | STA_INS | STA_DEL);
        if (!s.synchronised()) {
            status |= STA_UNSYNC;
        }
        status |= switch (s.leap()) {
            case NONE -> 0;
            case INSERT -> STA_INS;
            case DELETE -> STA_DEL;
        };
        long est = errorMicros(s.estimatedError(), false);
        long max = errorMicros(s.maximumError(), true);
        return new TimexArgs(ADJ_STATUS | ADJ_MAXERROR | ADJ_ESTERROR, 0, 0, max, est, status, 0, 0, 0);
    }

    /** A non-negative error in µs (nearest, or rounded up when {@code up}), capped at 16 s. */
    static long errorMicros(Duration error, boolean up) {
        if (error.isNegative()) {
            throw new IllegalArgumentException("error: " + formatMillis(error) + " (expected: >= 0)");
        }
        if (error.getSeconds() >= NTP_PHASE_LIMIT_MICROS / 1_000_000) {
            return NTP_PHASE_LIMIT_MICROS;
        }
        long nanos = error.toNanos();
        long micros = up ? (nanos + 999) / 1000 : (nanos + 500) / 1000;
        return Math.min(micros, NTP_PHASE_LIMIT_MICROS);
    }

    // ---------------------------------------------------------------- taking control

    /**
     * ADJ_STATUS | ADJ_OFFSET (0x0011) with STA_PLL and offset 0: the first half of switching the kernel PLL off.
     * The kernel processes the status first and the offset last, and only takes an offset while STA_PLL is set
     * (ntp_update_offset), so this zeroes the PLL's pending phase offset; an offset of 0 adds nothing to the
     * frequency (both the PLL and the FLL terms are proportional to it). The other writable bits are kept.
     */
    public static TimexArgs zeroPllOffset(int currentStatus) {
        return new TimexArgs(ADJ_STATUS | ADJ_OFFSET, 0, 0, 0, 0, (currentStatus & STA_WRITABLE) | STA_PLL, 0, 0, 0);
    }

    /**
     * ADJ_STATUS (0x0010) keeping only STA_UNSYNC, STA_INS and STA_DEL of {@code currentStatus}: the kernel PLL,
     * FLL, PPS discipline and FREQHOLD are off, so only explicit frequency settings and steps move the clock.
     */
    public static TimexArgs pllOff(int currentStatus) {
        return new TimexArgs(ADJ_STATUS, 0, 0, 0, 0, currentStatus & (STA_UNSYNC | STA_INS | STA_DEL), 0, 0, 0);
    }

    /** ADJ_OFFSET_SINGLESHOT with 0: cancels a singleshot slew in progress. */
    public static TimexArgs cancelSingleshot() {
        return slewSingleShot(Duration.ZERO);
    }

    // ---------------------------------------------------------------- readings

    /**
     * The time a timex call returned (the kernel fills {@code time} after applying the call, so after an
     * ADJ_SETOFFSET it is the clock's reading just after the step): ns when STA_NANO, else µs.
     */
    public static Instant returnedTime(TimexReading r) {
        long nanos = r.nanoUnits() ? r.timeFrac() : Math.multiplyExact(r.timeFrac(), 1000L);
        return Instant.ofEpochSecond(r.timeSec(), nanos);
    }
}
