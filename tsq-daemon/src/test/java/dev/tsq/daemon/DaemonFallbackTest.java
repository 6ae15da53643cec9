package dev.tsq.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tsq.bench.ntp.Chronyd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NTP fallback tier: with the only TSQ server killed, the NTP sources (chronyd -x on a high loopback port when
 * installed, and a small SNTP server) steer within 8 polls; when the TSQ server returns, TSQ steers again. Two NTP
 * sources, because the fallback selection needs a strict majority of all configured sources (2 of 3).
 */
class DaemonFallbackTest {
    @TempDir
    Path dir;

    @Test
    void fallsBackToNtpWhenNoTsqSourceIsLeftAndReturns() throws Exception {
        Optional<Path> chronyd = Chronyd.find();
        AutoCloseable ntpServer;
        int ntpPort;
        if (chronyd.isPresent()) {
            Chronyd c = Chronyd.start(chronyd.get());
            ntpServer = c;
            ntpPort = c.port();
        } else {
            TestSntpServer s = new TestSntpServer();
            ntpServer = s;
            ntpPort = s.port();
        }
        System.out.println("NTP server: " + (chronyd.isPresent() ? "chronyd -x" : "test SNTP server") + " on port "
                + ntpPort);
        String ntp = "127.0.0.1:" + ntpPort;
        try (AutoCloseable n = ntpServer; TestSntpServer second = new TestSntpServer();
             LoopbackServer tsq = new LoopbackServer()) {
            String ntp2 = "127.0.0.1:" + second.port();
            Path file = dir.resolve("tsq.toml");
            Files.writeString(file, DaemonLoopbackTest.config(List.of(tsq.address()), List.of(ntp, ntp2), dir, 1));
            try (Daemon d = Daemon.start(ConfigParser.parse(file), SdNotify.to(null))) {
                Path sock = dir.resolve("status.sock");
                JsonNode s = DaemonLoopbackTest.await(sock, 60, "synchronised on TSQ, frequency learnt",
                        st -> st.path("synchronized").asBoolean() && "primary".equals(st.path("tier").asText())
                                && Math.abs(st.path("frequency_ppm").asDouble() + 50) < 2
                                && "standby".equals(DaemonLoopbackTest.source(st, ntp).path("state").asText()));
                assertEquals("standby", DaemonLoopbackTest.source(s, ntp).path("state").asText(), s.toString());
                assertEquals("ntp", DaemonLoopbackTest.source(s, ntp).path("protocol").asText());

                long before = DaemonLoopbackTest.source(s, tsq.address()).path("polls").asLong();
                tsq.kill();
                JsonNode fb = DaemonLoopbackTest.await(sock, 30, "fallback tier steering",
                        st -> "fallback".equals(st.path("tier").asText()));
                long polls = DaemonLoopbackTest.source(fb, tsq.address()).path("polls").asLong() - before;
                System.out.println("fallback after " + polls + " polls of the dead TSQ server");
                assertTrue(polls <= 9, "fallback after " + polls + " polls (expected: within 8, +1 in flight)");
                assertTrue(fb.path("synchronized").asBoolean(), fb.toString());

                tsq.restart();
                JsonNode back = DaemonLoopbackTest.await(sock, 30, "TSQ steering again",
                        st -> "primary".equals(st.path("tier").asText())
                                && "selected".equals(DaemonLoopbackTest.source(st, tsq.address()).path("state").asText()));
                assertTrue(back.path("synchronized").asBoolean(), back.toString());
                assertEquals("standby", DaemonLoopbackTest.source(back, ntp).path("state").asText(), back.toString());
            }
        }
    }
}
