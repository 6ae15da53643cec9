package dev.tsq.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.NativeLong;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** READY=1 and friends reach a real AF_UNIX SOCK_DGRAM socket bound here, as systemd's would be. */
class SdNotifyTest {
    @TempDir
    Path dir;

    @Test
    void datagramsReachABoundUnixDatagramSocket() {
        receiveVia(dir.resolve("notify.sock").toString());
    }

    @Test
    void abstractNamespaceSocket() {
        receiveVia("@tsq-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    }

    private static void receiveVia(String address) {
        SdNotify.LibC c = SdNotify.lib();
        int fd = c.socket(1, 2, 0);
        assertTrue(fd >= 0);
        try {
            byte[] addr = SdNotify.sockaddr(address);
            assertEquals(0, c.bind(fd, addr, addr.length), "bind " + address);
            SdNotify n = SdNotify.to(address);
            assertTrue(n.send("READY=1\nSTATUS=synchronised"));
            assertTrue(n.send("STOPPING=1"));
            assertEquals("READY=1\nSTATUS=synchronised", recv(c, fd));
            assertEquals("STOPPING=1", recv(c, fd));
        } finally {
            c.close(fd);
        }
    }

    private static String recv(SdNotify.LibC c, int fd) {
        byte[] buf = new byte[256];
        int n = (int) c.recv(fd, buf, new NativeLong(buf.length), 0x40 /* MSG_DONTWAIT */).longValue();
        assertTrue(n > 0, "a datagram was waiting");
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    @Test
    void disabledWithoutASocket() {
        assertFalse(SdNotify.to(null).send("READY=1"));
        assertFalse(SdNotify.to(null).enabled());
    }
}
