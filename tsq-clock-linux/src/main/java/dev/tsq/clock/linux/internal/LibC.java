package dev.tsq.clock.linux.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The four libc functions this module calls. Each declares {@link LastErrorException}, so JNA clears errno before
 * the call and throws with {@code Native.getLastError()} when the call set it. A function missing from the loaded
 * libc surfaces as {@link UnsatisfiedLinkError} on its first call.
 */
public interface LibC extends Library {
    /** {@code int adjtimex(struct timex *)}; returns the clock state (TIME_OK..TIME_ERROR) or -1. */
    int adjtimex(Timex buf) throws LastErrorException;

    /** {@code int clock_adjtime(clockid_t, struct timex *)} (glibc ≥ 2.14, Linux ≥ 2.6.39). */
    int clock_adjtime(int clockId, Timex buf) throws LastErrorException;

    /** {@code int clock_gettime(clockid_t, struct timespec *)}. */
    int clock_gettime(int clockId, Timespec ts) throws LastErrorException;

    /** {@code int settimeofday(const struct timeval *, const struct timezone *)}; tz is always null here. */
    int settimeofday(Timeval tv, Pointer tz) throws LastErrorException;
}
