package dev.tsq.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.daemon.DaemonConfig.ClockMode;
import dev.tsq.daemon.DaemonConfig.Protocol;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigParserTest {
    private static final Path FILE = Path.of("/etc/tsq/tsq.toml");

    /** The contract example, verbatim. */
    private static final String CONTRACT = """
            [[source]]
            address = "127.0.0.1:4443"       # host[:port]
            protocol = "tsq"                 # "tsq" | "ntp"
            trust = "insecure"               # "system" | "ca:/path/chain.pem" | "pin:sha256:HEX" | "insecure" (tsq only)
            mode = "auto"                    # "datagram" | "stream" | "auto" (tsq only)
            signed = false                   # true: unsigned responses count as failures

            [synchronization]
            minimum-agreeing-sources = 2
            poll-interval-limits = { min = 4, max = 10 }   # log2 seconds, like ntpd-rs
            startup-step-threshold-ms = 128                 # makestep: step above this during the first updates
            single-step-panic-threshold-s = 1000

            [clock]
            mode = "virtual"                 # "system" | "monitor" | "virtual"
            virtual-offset-ms = 100          # injected initial error of the virtual clock (tests, demos)
            virtual-frequency-ppm = 50
            drift-file = "/var/lib/tsq/drift"

            [observability]
            status-socket = "/run/tsq/status.sock"
            metrics-listen = "127.0.0.1:9975"
            """;

    private static String error(String text) {
        return assertThrows(ConfigException.class, () -> ConfigParser.parse(text, FILE)).getMessage();
    }

    @Test
    void theContractExampleParses() {
        DaemonConfig c = ConfigParser.parse(CONTRACT, FILE);
        assertEquals(1, c.sources().size());
        DaemonConfig.Source s = c.sources().get(0);
        assertEquals("127.0.0.1:4443", s.address());
        assertEquals(Protocol.TSQ, s.protocol());
        assertEquals("insecure", s.trust());
        assertEquals("auto", s.mode());
        assertEquals(2, c.synchronization().minimumAgreeingSources());
        assertEquals(4, c.synchronization().minPoll());
        assertEquals(10, c.synchronization().maxPoll());
        assertEquals(Duration.ofMillis(128), c.synchronization().startupStepThreshold());
        assertEquals(Duration.ofSeconds(1000), c.synchronization().panicThreshold());
        assertEquals(ClockMode.VIRTUAL, c.clock().mode());
        assertEquals(100.0, c.clock().virtualOffsetMs());
        assertEquals(50.0, c.clock().virtualFrequencyPpm());
        assertEquals(Path.of("/var/lib/tsq/drift"), c.clock().driftFile());
        assertEquals(Path.of("/run/tsq/status.sock"), c.observability().statusSocket());
        assertEquals(9975, c.observability().metricsListen().getPort());
    }

    @Test
    void defaults() {
        DaemonConfig c = ConfigParser.parse("[[source]]\naddress = \"time.example.net\"\n"
                + "[[source]]\naddress = \"ntp.example.net\"\nprotocol = \"ntp\"\n", FILE);
        assertEquals("time.example.net:443", c.sources().get(0).address());
        assertEquals("system", c.sources().get(0).trust());
        assertEquals(Duration.ofSeconds(1), c.sources().get(0).timeout());
        assertEquals("ntp.example.net:123", c.sources().get(1).address());
        assertEquals(Protocol.NTP, c.sources().get(1).protocol());
        assertEquals(1, c.synchronization().minimumAgreeingSources());
        assertEquals(6, c.synchronization().minPoll());
        assertEquals(10, c.synchronization().maxPoll());
        assertEquals(3, c.synchronization().startupStepUpdates());
        assertEquals(Duration.ofDays(1), c.synchronization().startupBackwardLimit());
        assertEquals(Duration.ofSeconds(60), c.synchronization().startupWait());
        assertEquals(ClockMode.MONITOR, c.clock().mode());
        assertNull(c.clock().driftFile());
        assertEquals(Path.of(ConfigParser.DEFAULT_STATUS_SOCKET), c.observability().statusSocket());
        assertNull(c.observability().metricsListen());
    }

    @Test
    void unknownKeysNameFileLineAndTheKeysExpected() {
        String text = CONTRACT.replace("single-step-panic-threshold-s = 1000",
                "single-step-panic-threshold-s = 1000\nmakestep = 1");
        String m = error(text);
        assertTrue(m.startsWith("/etc/tsq/tsq.toml:13:1: synchronization.makestep: unknown key (expected one of: "),
                m);
        assertTrue(m.contains("poll-interval-limits"), m);
        assertTrue(error("bogus = 1\n[[source]]\naddress = \"a\"\n").startsWith("/etc/tsq/tsq.toml:1:1: bogus:"));
        assertTrue(error("[[source]]\naddress = \"a\"\n\n[[source]]\naddress = \"b\"\nport = 4\n")
                .startsWith("/etc/tsq/tsq.toml:6:1: source[1].port: unknown key"));
    }

    @Test
    void badValuesNameTheirLineColumnAndReason() {
        String m = error(CONTRACT.replace("{ min = 4, max = 10 }", "{ min = 4, max = 99 }"));
        assertEquals("/etc/tsq/tsq.toml:10:35: synchronization.poll-interval-limits.max: 99 (expected: -6-17)", m);
        m = error(CONTRACT.replace("{ min = 4, max = 10 }", "{ min = 8, max = 4 }"));
        assertTrue(m.contains(":10:") && m.contains("4 (expected: >= min 8)"), m);
        m = error(CONTRACT.replace("mode = \"virtual\"", "mode = \"fast\""));
        assertEquals("/etc/tsq/tsq.toml:15:1: clock.mode: \"fast\" (expected: \"system\", \"monitor\" or"
                + " \"virtual\")", m);
        m = error(CONTRACT.replace("trust = \"insecure\"", "trust = \"pin:sha256:zz\""));
        assertTrue(m.startsWith("/etc/tsq/tsq.toml:4:1: source[0].trust: \"pin:sha256:zz\""), m);
        m = error(CONTRACT.replace("trust = \"insecure\"", "trust = \"ca:/nonexistent/ca.pem\""));
        assertTrue(m.contains(":4:1: source[0].trust:") && m.contains("cannot read"), m);
        m = error(CONTRACT.replace("mode = \"auto\"", "mode = \"quic\""));
        assertTrue(m.startsWith("/etc/tsq/tsq.toml:5:1: source[0].mode: \"quic\""), m);
        m = error(CONTRACT.replace("signed = false", "signed = \"yes\""));
        assertTrue(m.startsWith("/etc/tsq/tsq.toml:6:1: source[0].signed: \"yes\" (expected: true or false)"), m);
        m = error(CONTRACT.replace("signed = false", "signed = true"));
        assertTrue(m.contains(":6:1: source[0].signed: true without a trusted-key"), m);
        m = error(CONTRACT.replace("minimum-agreeing-sources = 2", "minimum-agreeing-sources = 0"));
        assertTrue(m.startsWith("/etc/tsq/tsq.toml:9:1: synchronization.minimum-agreeing-sources: 0"), m);
        m = error(CONTRACT.replace("127.0.0.1:4443", "127.0.0.1:99999"));
        assertTrue(m.startsWith("/etc/tsq/tsq.toml:2:1: source[0].address:") && m.contains("99999"), m);
        m = error(CONTRACT.replace("127.0.0.1:9975", "127.0.0.1"));
        assertTrue(m.contains(":22:1: observability.metrics-listen:") && m.contains("no port"), m);
    }

    @Test
    void virtualErrorOnlyForTheVirtualClockAndTsqKeysOnlyForTsq() {
        String m = error(CONTRACT.replace("mode = \"virtual\"", "mode = \"monitor\""));
        assertTrue(m.contains(":16:1: clock.virtual-offset-ms: only for mode = \"virtual\""), m);
        m = error("[[source]]\naddress = \"a\"\n[[source]]\naddress = \"n\"\nprotocol = \"ntp\"\nmode = \"stream\"\n");
        assertTrue(m.contains(":6:1: source[1].mode: not for protocol = \"ntp\""), m);
        m = error("[[source]]\naddress = \"n\"\nprotocol = \"ntp\"\n");
        assertTrue(m.contains("only NTP sources"), m);
        assertTrue(error("[clock]\nmode = \"virtual\"\n").contains("no sources"));
    }

    @Test
    void syntaxErrorsComeFromTheTomlParserWithPosition() {
        String m = error("[[source]]\naddress = \n");
        assertTrue(m.startsWith("/etc/tsq/tsq.toml:2:"), m);
        m = error("[[source]]\naddress = \"a\"\naddress = \"b\"\n");
        // jackson-dataformat-toml reports a duplicate key at the start of the line after it.
        assertTrue(m.startsWith("/etc/tsq/tsq.toml:4:1: Duplicate key"), m);
    }

    @Test
    void theShippedExampleConfigurationIsValid() {
        DaemonConfig c = ConfigParser.parse(Path.of("src/main/systemd/tsq.toml"));
        assertEquals(3, c.sources().size());
        assertEquals(Protocol.NTP, c.sources().get(2).protocol());
        assertEquals(ClockMode.SYSTEM, c.clock().mode());
    }

    @Test
    void overridesOfTheInjectedError() {
        DaemonConfig c = ConfigParser.parse(CONTRACT, FILE).withVirtualError(-20.0, null);
        assertEquals(-20.0, c.clock().virtualOffsetMs());
        assertEquals(50.0, c.clock().virtualFrequencyPpm());
    }
}
