package dev.tsq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.client.QueryMode;
import dev.tsq.client.TsqClient;
import dev.tsq.client.TsqSample;
import dev.tsq.exchange.RejectReason;
import dev.tsq.exchange.TransportMode;
import dev.tsq.server.ServerCounters;
import dev.tsq.server.ServerLimit;
import dev.tsq.server.TsqServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tsq serve}'s warm-up before {@code listening}: real QUIC over loopback, no mocks. */
class ServeWarmUpTest {
    @TempDir
    Path tmp;

    /** Live threads of the TSQ client and server event loops. */
    /** Waits (30 s at most) until no tsq-* thread beyond {@code before} is left, then asserts that. */
    private static void assertNoThreadsBeyond(Set<Thread> before) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Set<Thread> extra = tsqThreads();
        extra.removeAll(before);
        while (!extra.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(50);
            extra = tsqThreads();
            extra.removeAll(before);
        }
        assertTrue(extra.isEmpty(), "threads left behind: " + extra);
    }

    private static Set<Thread> tsqThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("tsq-")).collect(Collectors.toSet());
    }

    private static String pin(TsqServer s) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(s.certificateChain().get(0).getEncoded()));
    }

    @Test
    void warmUpRunsBothModesAgainstATwinAndLeavesTheRealServerAndItsLimitsUntouched() throws Exception {
        // The tightest limits a real server can have: one query per second with a burst of 1, one connection
        // per source. A warm-up against this server from 127.0.0.1 would use up a real loopback client's budget.
        TsqServer.Builder b = TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned().rateLimit(1, 1)
                .maxConnectionsPerSource(1);
        try (TsqServer real = b.build().start()) {
            Set<Thread> before = tsqThreads();
            assertFalse(before.isEmpty(), "the filter sees the real server's event loop");
            ServeWarmUp.Report w = ServeWarmUp.run(b, true, ServeWarmUp.Signing.ED25519, 7, 2,
                    Duration.ofSeconds(120));
            assertTrue(w.ok(), w.summary());
            assertEquals(4, w.connections(), w.summary()); // 2 rounds x (datagram, stream)
            assertEquals(6, w.datagramQueries(), w.summary());
            assertEquals(6, w.streamQueries(), w.summary());

            // Nothing of it reached the real server: no connection, no query, no refusal of any limit.
            ServerCounters c = real.counters();
            assertEquals(0, c.totalConnections(), c.toString());
            assertEquals(0, c.activeConnections(), c.toString());
            assertEquals(0, c.queries(), c.toString());
            assertEquals(0, c.refusedConnections(), c.toString());
            assertTrue(c.rejections().values().stream().allMatch(n -> n == 0), c.toString());
            for (ServerLimit limit : ServerLimit.values()) {
                assertEquals(0, c.refused(limit), limit + ": " + c);
            }

            // The warm-up's client and twin threads are gone (the twin's close and the client's close return
            // once their loops stopped; the wait only covers a thread's last steps after that).
            assertNoThreadsBeyond(before);

            // A real client on 127.0.0.1 gets its whole budget: its one token and its one connection.
            String server = "127.0.0.1:" + real.port();
            try (TsqClient client = TsqClient.builder().server(server).pinSha256(pin(real))
                    .connectTimeout(Duration.ofSeconds(20)).timeout(Duration.ofSeconds(10)).build()) {
                TsqSample s = client.query();
                assertEquals(TransportMode.DATAGRAM, s.mode());
            }
            c = real.counters();
            assertEquals(1, c.queries(), c.toString());
            assertEquals(1, c.totalConnections(), c.toString());
            assertEquals(0, c.rejected(RejectReason.RATE_LIMITED), c.toString());
        }
    }

    @Test
    void aWarmUpPastItsDeadlineIsReportedNotThrownAndLeavesNothingBehind() throws Exception {
        Set<Thread> before = tsqThreads();
        TsqServer.Builder b = TsqServer.builder().selfSigned().alpn("tsq/1");
        ServeWarmUp.Report w = ServeWarmUp.run(b, true, ServeWarmUp.Signing.NONE, 1, 3, Duration.ZERO);
        assertFalse(w.ok(), w.summary());
        assertTrue(w.cutShort(), w.summary());
        assertEquals(0, w.connections(), w.summary());
        assertTrue(w.summary().contains("cut short by its deadline"), w.summary());
        assertNoThreadsBeyond(before);
    }

    @Test
    void theFirstFailedQueryEndsTheWarmUpAndIsReported() {
        // A twin that accepts a plain 18-byte request but refuses the larger ones of the second round (metadata
        // and Precision Mode asked for) as too large: stream queries get an Error TLV at once.
        TsqServer.Builder b = TsqServer.builder().selfSigned().datagrams(false).maxRequestBytes(18);
        ServeWarmUp.Report w = ServeWarmUp.run(b, false, ServeWarmUp.Signing.NONE, 1, 5, Duration.ofSeconds(120));
        assertFalse(w.ok(), w.summary());
        assertFalse(w.cutShort(), w.summary());
        assertEquals(3, w.streamQueries(), "round 1 answered: " + w.summary());
        assertEquals(3, w.failures(), "round 2 refused: " + w.summary());
        assertEquals(2, w.connections(), "rounds 3-5 did not run: " + w.summary());
        assertTrue(w.firstFailure().contains("too large"), w.summary());
    }

    @Test
    void theWarmUpClientOffersTheServersOwnAlpns() {
        TsqServer.Builder b = TsqServer.builder().selfSigned().alpn("tsq/1").datagrams(false);
        ServeWarmUp.Report w = ServeWarmUp.run(b, false, ServeWarmUp.Signing.HMAC, 3, 1, Duration.ofSeconds(120));
        assertTrue(w.ok(), w.summary());
        assertEquals(1, w.connections(), w.summary()); // --no-datagrams: one stream connection per round
        assertEquals(0, w.datagramQueries(), w.summary());
        assertEquals(3, w.streamQueries(), w.summary());
    }

    @Test
    void warmUpRoundsOutOfRangeIsAUsageError() {
        CliTest.Result r = CliTest.run("serve", "--self-signed", "--port", "0", "--bind", "127.0.0.1", "--warm-up",
                "-1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--warm-up: -1 (expected: 0-1000)"), r.err());
    }

    @Test
    void theFirstQueriesAfterListeningSucceedInBothModes() throws Exception {
        Path key = tmp.resolve("hmac.key");
        Files.writeString(key, "base64:" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = tmp.resolve("serve.err");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.tsq.cli.TsqCli",
                "serve", "--bind", "127.0.0.1", "--port", "0", "--self-signed", "--sign-hmac", key.toString(),
                "--rate-limit", "1", "--rate-burst", "2", "--max-connections-per-source", "2")
                .redirectError(err.toFile()).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            assertTrue(line != null && line.matches("listening on 127\\.0\\.0\\.1:\\d+"), line + " / "
                    + Files.readString(err));
            String server = line.substring("listening on ".length());
            String pinLine = r.readLine();
            assertTrue(pinLine != null && pinLine.startsWith("certificate pin sha256:"), String.valueOf(pinLine));
            String pin = pinLine.substring("certificate pin ".length());
            // At once, as a client that was waiting for the line would: datagram, then stream on a second
            // connection. With --rate-limit 1 --rate-burst 2 a warm-up against this port (12 queries) would have
            // left no token for them.
            for (QueryMode mode : List.of(QueryMode.AUTO, QueryMode.STREAM)) {
                try (TsqClient c = TsqClient.builder().server(server).pinSha256(pin).mode(mode)
                        .connectTimeout(Duration.ofSeconds(20)).timeout(Duration.ofSeconds(10)).build()) {
                    TsqSample s = c.query();
                    assertEquals(mode == QueryMode.AUTO ? TransportMode.DATAGRAM : TransportMode.STREAM, s.mode());
                }
            }
            assertTrue(p.isAlive(), "still serving");
            String log = Files.readString(err);
            assertFalse(log.contains("warm-up incomplete"), log);
        } finally {
            p.destroy();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "serve stops when killed");
        }
    }
}
