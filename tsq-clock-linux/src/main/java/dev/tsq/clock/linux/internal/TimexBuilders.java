package dev.tsq.clock.linux.internal;

import static dev.tsq.clock.linux.internal.TimexConstants.ADJ_NANO;
import static dev.tsq.clock.linux.internal.TimexConstants.ADJ_OFFSET_SINGLESHOT;
import static dev.tsq.clock.linux.internal.TimexConstants.ADJ_OFFSET_SS_READ;
import static dev.tsq.clock.linux.internal.TimexConstants.ADJ_SETOFFSET;
import static dev.tsq.clock.linux.internal.TimexConstants.MAX_SLEW_MICROS;
import static dev.tsq.clock.linux.internal.TimexConstants.SINGLESHOT_MICROS_PER_SECOND;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
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
}
