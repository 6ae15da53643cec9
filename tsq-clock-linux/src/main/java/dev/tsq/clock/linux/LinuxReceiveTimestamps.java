package dev.tsq.clock.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import dev.tsq.clock.linux.internal.NativeClock;
import dev.tsq.internal.ReceiveTimestamps;
import org.jspecify.annotations.Nullable;

/**
 * Kernel receive timestamps for TSQ's client and server sockets: {@code ioctl(fd, SIOCGSTAMPNS)} returns the
 * real-time stamp the kernel put on the last datagram read from the socket (and, on its first call, turns that
 * stamping on). Registered with {@link java.util.ServiceLoader} as a {@link ReceiveTimestamps}; a read-only kernel
 * call that changes nothing but the socket's own stamping flag. Linux x86-64 and aarch64 only (where
 * {@code SIOCGSTAMPNS} is 0x8907 and {@code struct timespec} two 64-bit words).
 */
public final class LinuxReceiveTimestamps implements ReceiveTimestamps {
    /** {@code SIOCGSTAMPNS} (asm-generic/sockios.h, 64-bit time_t). */
    static final int SIOCGSTAMPNS = 0x8907;
    private static final int ENOENT = 2;

    private static final boolean LINKED = link();

    /** For {@link java.util.ServiceLoader}. */
    public LinuxReceiveTimestamps() {
    }

    private static boolean link() {
        if (!NativeClock.isSupportedPlatform(System.getProperty("os.name"), System.getProperty("os.arch"))) {
            return false;
        }
        try {
            Native.register(Syscalls.class, NativeLibrary.getInstance(com.sun.jna.Platform.C_LIBRARY_NAME));
            return true;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    @Override
    public @Nullable Reader open(int fd) {
        if (!LINKED || fd < 0) {
            return null;
        }
        try {
            // The first call turns the socket's receive stamping on; ENOENT only says nothing was stamped yet.
            Syscalls.ioctl(fd, SIOCGSTAMPNS, new Memory(16));
        } catch (LastErrorException e) {
            if (e.getErrorCode() != ENOENT) {
                return null; // EBADF, ENOTTY (not a socket), ...
            }
        }
        return new SocketReader(fd);
    }

    /** Direct-mapped libc calls (JNA's fastest binding: no proxy, no argument conversion beyond the pointer). */
    static final class Syscalls {
        private Syscalls() {
        }

        static native int ioctl(int fd, int request, com.sun.jna.Pointer arg) throws LastErrorException;
    }

    private static final class SocketReader implements Reader {
        private final int fd;
        private final Memory timespec = new Memory(16);

        SocketReader(int fd) {
            this.fd = fd;
        }

        @Override
        public long lastReceiveEpochNanos() {
            try {
                Syscalls.ioctl(fd, SIOCGSTAMPNS, timespec);
            } catch (LastErrorException e) {
                return Long.MIN_VALUE; // ENOENT: nothing stamped yet
            }
            long sec = timespec.getLong(0);
            long nsec = timespec.getLong(8);
            if (sec <= 0 || nsec < 0 || nsec >= 1_000_000_000L) {
                return Long.MIN_VALUE;
            }
            return sec * 1_000_000_000L + nsec;
        }
    }
}
