package dev.tsq.daemon;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's notify protocol without a helper process: one datagram ({@code READY=1}, {@code WATCHDOG=1},
 * {@code STOPPING=1}, {@code STATUS=...}) sent with {@code sendto(2)} on an {@code AF_UNIX SOCK_DGRAM} socket to
 * {@code $NOTIFY_SOCKET} (a path, or {@code @name} in the abstract namespace). The JDK has no Unix datagram
 * channel, so this is a few libc calls through JNA. Does nothing when the variable is unset.
 */
public final class SdNotify {
    private static final Logger LOG = LoggerFactory.getLogger(SdNotify.class);
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SUN_PATH = 108;

    /** The libc calls used. */
    public interface LibC extends Library {
        int socket(int domain, int type, int protocol);

        NativeLong sendto(int fd, byte[] buf, NativeLong len, int flags, byte[] addr, int addrLen);

        int bind(int fd, byte[] addr, int addrLen);

        NativeLong recv(int fd, byte[] buf, NativeLong len, int flags);

        int close(int fd);
    }

    private static volatile LibC libc;

    private final String socket;

    private SdNotify(String socket) {
        this.socket = socket;
    }

    /** A notifier for {@code $NOTIFY_SOCKET}, or one that does nothing when it is unset. */
    public static SdNotify fromEnvironment() {
        String s = System.getenv("NOTIFY_SOCKET");
        return new SdNotify(s == null || s.isEmpty() ? null : s);
    }

    /** A notifier for this socket address (tests). */
    public static SdNotify to(String socket) {
        return new SdNotify(socket);
    }

    /** True when there is a socket to notify. */
    public boolean enabled() {
        return socket != null;
    }

    /** Sends {@code state} (e.g. {@code "READY=1"}); false when disabled or the send failed (logged). */
    public boolean send(String state) {
        if (socket == null) {
            return false;
        }
        try {
            LibC c = lib();
            int fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                LOG.warn("sd_notify: socket() failed, errno {}", Native.getLastError());
                return false;
            }
            try {
                byte[] addr = sockaddr(socket);
                byte[] msg = state.getBytes(StandardCharsets.UTF_8);
                long n = c.sendto(fd, msg, new NativeLong(msg.length), MSG_NOSIGNAL, addr, addr.length).longValue();
                if (n != msg.length) {
                    LOG.warn("sd_notify {} to {}: sendto() returned {}, errno {}", state, socket, n,
                            Native.getLastError());
                    return false;
                }
                return true;
            } finally {
                c.close(fd);
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            LOG.warn("sd_notify {} to {}: {}", state, socket, e.toString());
            return false;
        }
    }

    /** The watchdog interval from {@code $WATCHDOG_USEC} (if {@code $WATCHDOG_PID} is unset or ours), in ns, or 0. */
    public static long watchdogNanos() {
        String usec = System.getenv("WATCHDOG_USEC");
        String pid = System.getenv("WATCHDOG_PID");
        if (usec == null || (pid != null && !pid.equals(Long.toString(ProcessHandle.current().pid())))) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(usec.trim())) * 1000;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code struct sockaddr_un} for a path or an abstract {@code @name}. */
    public static byte[] sockaddr(String path) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = path.startsWith("@");
        if (name.length >= SUN_PATH) {
            throw new IllegalArgumentException("socket: " + path + " (expected: at most " + (SUN_PATH - 1) + " bytes)");
        }
        int len = 2 + name.length + (abstractName ? 0 : 1);
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
        b.putShort((short) AF_UNIX);
        b.put(name);
        if (abstractName) {
            b.put(2, (byte) 0);
        }
        return b.array();
    }

    /** The libc binding (loaded once). */
    public static LibC lib() {
        LibC c = libc;
        if (c == null) {
            c = Native.load("c", LibC.class);
            libc = c;
        }
        return c;
    }
}
