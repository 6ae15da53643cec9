package dev.tsq.clock.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import dev.tsq.clock.linux.internal.NativeClock;
import dev.tsq.internal.ReceiveTimestamps;
import dev.tsq.time.WallClock;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * The kernel receive stamps against a real loopback UDP socket: a socket made with libc (so the test has its file
 * descriptor), a datagram sent by the JDK, and the stamp {@code ioctl(SIOCGSTAMPNS)} returns for it, which must
 * lie between the system clock's readings just before the send and just after the read.
 */
class ReceiveTimestampsTest {
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;

    static final class Sockets {
        static native int socket(int domain, int type, int protocol);

        static native int bind(int fd, Pointer addr, int len);

        static native int getsockname(int fd, Pointer addr, Pointer len);

        static native long recv(int fd, Pointer buf, long len, int flags);

        static native int close(int fd);
    }

    private static boolean linux() {
        return NativeClock.isSupportedPlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    @Test
    void foundThroughServiceLoader() {
        assumeTrue(linux(), "Linux x86-64/aarch64 only");
        ReceiveTimestamps r = ReceiveTimestamps.discover();
        assertNotNull(r);
        assertEquals(LinuxReceiveTimestamps.class, r.getClass());
    }

    @Test
    void aNonSocketCannotBeStamped() {
        assumeTrue(linux(), "Linux x86-64/aarch64 only");
        assertNull(new LinuxReceiveTimestamps().open(-1));
        assertNull(new LinuxReceiveTimestamps().open(0), "stdin is not a socket");
    }

    @Test
    void stampOfALoopbackDatagramLiesBetweenItsSendAndItsRead() throws Exception {
        assumeTrue(linux(), "Linux x86-64/aarch64 only");
        Native.register(Sockets.class, NativeLibrary.getInstance(com.sun.jna.Platform.C_LIBRARY_NAME));
        int fd = Sockets.socket(AF_INET, SOCK_DGRAM, 0);
        assertTrue(fd >= 0, "socket()");
        try (DatagramSocket sender = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Memory addr = new Memory(16);
            addr.clear();
            addr.setShort(0, (short) AF_INET);
            addr.setByte(4, (byte) 127);
            addr.setByte(7, (byte) 1); // 127.0.0.1, port 0
            assertEquals(0, Sockets.bind(fd, addr, 16), "bind()");
            Memory len = new Memory(4);
            len.setInt(0, 16);
            assertEquals(0, Sockets.getsockname(fd, addr, len));
            int port = ((addr.getByte(2) & 0xFF) << 8) | (addr.getByte(3) & 0xFF);

            ReceiveTimestamps.Reader reader = new LinuxReceiveTimestamps().open(fd);
            assertNotNull(reader, "a UDP socket can be stamped");
            Memory buf = new Memory(64);
            for (int i = 0; i < 5; i++) {
                long before = WallClock.SYSTEM.epochNanos();
                sender.send(new DatagramPacket(new byte[] {(byte) i}, 1, InetAddress.getLoopbackAddress(), port));
                assertEquals(1, Sockets.recv(fd, buf, 64, 0), "recv()");
                long after = WallClock.SYSTEM.epochNanos();
                long stamp = reader.lastReceiveEpochNanos();
                assertTrue(stamp >= before && stamp <= after, "datagram " + i + ": stamp " + stamp + " not within ["
                        + before + ", " + after + "]");
                assertEquals(i, buf.getByte(0));
            }
        } finally {
            Sockets.close(fd);
        }
    }
}
