package dev.tsq.internal;

import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * Kernel receive timestamps of UDP sockets, where the platform gives them: the moment the kernel took a datagram
 * in, before the event loop woke up, read it and ran the QUIC library. T2 (server) and T4 (client) are taken from
 * it, so the wake-up and read path (tens of microseconds on a busy machine, hundreds in a cold JVM) is left out of
 * both directions alike.
 *
 * <p>Netty's epoll transport reads each datagram with its own {@code recvmsg} and hands it on before the next, but
 * it neither asks for {@code SO_TIMESTAMPNS} control messages nor exposes them, so the implementation
 * ({@code tsq-clock-linux}, found through {@link ServiceLoader}) asks the socket with {@code ioctl(SIOCGSTAMPNS)}
 * for the stamp of the last datagram read: one system call per request, made only for packets that carried a
 * request or a response. Without an implementation, or on a transport without a file descriptor, the user-space
 * stamp taken when the packet reached the pipeline is used, as before.
 *
 * <p>Kernel stamps are on the system's real-time clock; {@link #onClock} carries one over to the clock T2/T4
 * are read from (an injected clock, e.g. a test server running ahead), by the packet's age.
 */
public interface ReceiveTimestamps {
    /** A stamp older than this (or from the future) is not believed: the user-space stamp is used instead. */
    long MAX_AGE_NANOS = 10_000_000_000L;

    /**
     * A reader for one socket, confined to the thread that reads the socket. Enables the kernel's receive
     * stamps on it.
     *
     * @param fd the socket's file descriptor
     * @return the reader, or null when this socket cannot be stamped
     */
    @Nullable Reader open(int fd);

    /** Reads the receive stamp of the last datagram read from one socket. */
    interface Reader {
        /**
         * @return the kernel's receive time of the last datagram read, epoch nanoseconds of the real-time clock,
         * or {@link Long#MIN_VALUE} when it has none
         */
        long lastReceiveEpochNanos();
    }

    /**
     * The receive time on the caller's clock.
     *
     * @param kernelEpochNanos the kernel's stamp (real-time clock), or {@link Long#MIN_VALUE}
     * @param userClockNanos   the caller's clock when the packet reached user space
     * @param userSystemNanos  the real-time clock at that same moment (equal to {@code userClockNanos} when the
     *                         caller's clock is the system's)
     * @return {@code userClockNanos} less the packet's age in the kernel, or {@code userClockNanos} itself when
     * the stamp is missing, in the future or older than {@link #MAX_AGE_NANOS}
     */
    static long onClock(long kernelEpochNanos, long userClockNanos, long userSystemNanos) {
        if (kernelEpochNanos == Long.MIN_VALUE) {
            return userClockNanos;
        }
        long age = userSystemNanos - kernelEpochNanos;
        if (age < 0 || age > MAX_AGE_NANOS) {
            return userClockNanos;
        }
        return userClockNanos - age;
    }

    /** {@code -Dtsq.kernelTimestamps=false} turns kernel receive stamps off process-wide (for A/B measurements). */
    String DISABLE_PROPERTY = "tsq.kernelTimestamps";

    /**
     * The first implementation on the class or module path, or null (none, or {@link #DISABLE_PROPERTY} false).
     * The class path is scanned once per process; every client and server loop after the first gets that answer.
     *
     * @return an implementation, or null when there is none
     */
    static @Nullable ReceiveTimestamps discover() {
        if ("false".equalsIgnoreCase(System.getProperty(DISABLE_PROPERTY))) {
            return null;
        }
        return Discovered.FIRST;
    }

    /** The once-per-process {@link ServiceLoader} scan of {@link #discover()} (a holder: loaded on first use). */
    final class Discovered {
        static final @Nullable ReceiveTimestamps FIRST = scan();

        private Discovered() {
        }

        private static @Nullable ReceiveTimestamps scan() {
            try {
                for (ReceiveTimestamps r : ServiceLoader.load(ReceiveTimestamps.class,
                        ReceiveTimestamps.class.getClassLoader())) {
                    return r;
                }
            } catch (java.util.ServiceConfigurationError | LinkageError e) {
                return null;
            }
            return null;
        }
    }
}
