package dev.tsq.clock.linux.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import dev.tsq.spi.ClockAdjustmentException;
import java.util.Locale;
import java.util.Objects;

/**
 * The thin layer over {@link LibC}: copies {@link TimexArgs} into a fresh {@link Timex}, makes the call, turns errno
 * into the SPI's exceptions ({@link Errno#toException}) and hands back plain values. No policy lives here.
 */
public final class NativeClock {

    /** What a timex call returned: the clock state (return value) and the struct as the kernel left it. */
    public record Result(int returnValue, TimexReading reading) {
    }

    private final LibC libc;

    public NativeClock(LibC libc) {
        this.libc = Objects.requireNonNull(libc, "libc");
    }

    /**
     * Whether the {@code struct timex} layout of this module fits the platform: Linux on x86-64 or aarch64 (LP64).
     * Pure: decides from the two system-property values only.
     */
    public static boolean isSupportedPlatform(String osName, String osArch) {
        if (osName == null || osArch == null) {
            return false;
        }
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        return os.equals("linux") && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
    }

    /**
     * Loads libc through JNA.
     *
     * @throws UnsatisfiedLinkError or another {@link LinkageError} when JNA or libc cannot be loaded
     * @throws IllegalStateException when C {@code long} is not 8 bytes
     */
    public static NativeClock load() {
        if (Native.LONG_SIZE != 8) {
            throw new IllegalStateException("struct timex binding assumes LP64 (C long of 8 bytes), found "
                + Native.LONG_SIZE);
        }
        return new NativeClock(Native.load(Platform.C_LIBRARY_NAME, LibC.class));
    }

    /** The raw binding (tests use it to make deliberately invalid, harmless calls). */
    public LibC libc() {
        return libc;
    }

    /** {@code adjtimex(&tx)} with {@code args}. */
    public Result adjtimex(TimexArgs args) {
        Timex tx = Timex.of(args);
        String call = "adjtimex(modes=" + args.modesName() + ")";
        int ret;
        try {
            ret = libc.adjtimex(tx);
        } catch (LastErrorException e) {
            throw Errno.toException(call, e.getErrorCode());
        }
        return finish(call, ret, tx);
    }

    /**
     * {@code clock_adjtime(clockId, &tx)} with {@code args}.
     *
     * @throws UnsatisfiedLinkError when libc has no clock_adjtime
     */
    public Result clockAdjtime(int clockId, TimexArgs args) {
        Timex tx = Timex.of(args);
        String call = "clock_adjtime(" + clockName(clockId) + ", modes=" + args.modesName() + ")";
        int ret;
        try {
            ret = libc.clock_adjtime(clockId, tx);
        } catch (LastErrorException e) {
            throw Errno.toException(call, e.getErrorCode());
        }
        return finish(call, ret, tx);
    }

    /** {@code clock_gettime(CLOCK_REALTIME)} as {seconds, nanoseconds}. */
    public long[] realtimeNow() {
        Timespec ts = new Timespec();
        String call = "clock_gettime(CLOCK_REALTIME)";
        int ret;
        try {
            ret = libc.clock_gettime(TimexConstants.CLOCK_REALTIME, ts);
        } catch (LastErrorException e) {
            throw Errno.toException(call, e.getErrorCode());
        }
        if (ret != 0) {
            throw Errno.toException(call, Native.getLastError());
        }
        ts.read();
        return new long[] {ts.tvSec, ts.tvNsec};
    }

    /** {@code settimeofday(&tv, NULL)}. */
    public void settimeofday(TimeOfDay target) {
        Timeval tv = new Timeval(target);
        String call = "settimeofday(" + target.sec() + " s " + target.usec() + " us)";
        int ret;
        try {
            ret = libc.settimeofday(tv, null);
        } catch (LastErrorException e) {
            throw Errno.toException(call, e.getErrorCode());
        }
        if (ret != 0) {
            throw Errno.toException(call, Native.getLastError());
        }
    }

    private static Result finish(String call, int ret, Timex tx) {
        if (ret < 0) {
            throw Errno.toException(call, Native.getLastError());
        }
        tx.read();
        return new Result(ret, tx.reading());
    }

    static String clockName(int clockId) {
        return clockId == TimexConstants.CLOCK_REALTIME ? "CLOCK_REALTIME" : "clock " + clockId;
    }

    /** Wraps a non-errno failure (for example a missing native library) the SPI way. */
    public static ClockAdjustmentException wrap(String what, Throwable cause) {
        return new ClockAdjustmentException(what + ": " + cause, cause);
    }
}
