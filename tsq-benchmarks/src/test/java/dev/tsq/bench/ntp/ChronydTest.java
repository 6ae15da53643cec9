package dev.tsq.bench.ntp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChronydTest {
    @Test
    void chronydConfigServesOnlyLoopbackAndCommandAlwaysHasDashX() {
        Path dir = Path.of("/tmp/x");
        String conf = Chronyd.config(45678, dir);
        assertTrue(conf.contains("port 45678\n"));
        assertTrue(conf.contains("bindaddress 127.0.0.1\n"));
        assertTrue(conf.contains("local stratum 1\n"));
        assertTrue(conf.contains("allow 127.0.0.1\n"));
        assertTrue(conf.contains("cmdport 0\n"));
        assertTrue(conf.contains("driftfile /tmp/x/"));
        assertTrue(conf.contains("pidfile /tmp/x/"));
        assertTrue(conf.contains("logdir /tmp/x\n"));
        List<String> root = Chronyd.command(Path.of("/usr/sbin/chronyd"), dir.resolve("c.conf"), true);
        assertEquals(List.of("/usr/sbin/chronyd", "-x", "-d", "-f", "/tmp/x/c.conf"), root);
        List<String> user = Chronyd.command(Path.of("/usr/sbin/chronyd"), dir.resolve("c.conf"), false);
        assertTrue(user.contains("-x") && user.contains("-U"));
    }
}
