package dev.tsq.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.client.SyncReport;
import dev.tsq.client.TsqSample;
import dev.tsq.server.TsqServer;
import dev.tsq.sync.Action;
import dev.tsq.time.WallClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each example run against real QUIC servers on loopback, ephemeral ports. */
class ExamplesTest {
    private static final long OFFSET_NANOS = 250_000_000L;
    /** Generous: a shared 2-core machine; the offsets measured on loopback are within a millisecond or two. */
    private static final double TOLERANCE_MS = 50;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private static TsqServer offsetServer(long offsetNanos) {
        return TsqServer.builder().port(0).selfSigned().clock(WallClock.SYSTEM.offsetBy(offsetNanos)).build().start();
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void queryOffsetPrintsTheOffsetOfALoopbackServer() throws Exception {
        try (TsqServer server = offsetServer(OFFSET_NANOS)) {
            Path ca = TestPki.writeCertificates(dir.resolve("ca.pem"), server.certificateChain());
            TsqSample s = QueryOffset.query("127.0.0.1:" + server.port(), ca, out);
            assertEquals(250.0, s.offsetMillis(), TOLERANCE_MS, printed());
            assertTrue(printed().matches("offset \\+2\\d\\d\\.\\d{3} ms, rtt \\d+\\.\\d{3} ms over \\S+\\R"), printed());
            assertTrue(server.counters().queries() >= 1, "the server answered it: " + server.counters());
        }
    }

    @Test
    void embeddedServerServesItsPemCertificateOnLoopback() throws Exception {
        Path[] pem = TestPki.writeCertificateAndKey(dir);
        try (TsqServer server = EmbeddedServer.start("127.0.0.1", 0, pem[0], pem[1])) {
            assertTrue(server.isRunning());
            assertTrue(server.localAddress().getAddress().isLoopbackAddress(), server.localAddress().toString());
            assertTrue(server.port() > 0);
            TsqSample s = QueryOffset.query("127.0.0.1:" + server.port(), pem[0], out);
            assertEquals(0.0, s.offsetMillis(), TOLERANCE_MS, printed());
        }
    }

    @Test
    void embeddedServerWithoutACertificateIsSelfSigned() throws Exception {
        try (TsqServer server = EmbeddedServer.start("127.0.0.1", 0, null, null)) {
            Path ca = TestPki.writeCertificates(dir.resolve("self.pem"), server.certificateChain());
            assertEquals(0.0, QueryOffset.query("localhost:" + server.port(), ca, out).offsetMillis(), TOLERANCE_MS);
        }
    }

    @Test
    void oneShotSyncDecidesButChangesNothingWhenNotAllowed() throws Exception {
        try (TsqServer a = offsetServer(OFFSET_NANOS); TsqServer b = offsetServer(OFFSET_NANOS)) {
            Path ca = TestPki.writeCertificates(dir.resolve("ca.pem"),
                    List.of(a.certificateChain().get(0), b.certificateChain().get(0)));
            List<String> servers = List.of("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port());
            SyncReport r = OneShotSync.sync(servers, ca, false, out);
            assertTrue(r.dryRun(), "no TSQ_ALLOW_CLOCK_CHANGE: a dry run");
            assertFalse(r.applied(), "nothing applied");
            assertEquals(Action.STEP, r.action(), r.decision().reason()); // 250 ms: beyond the 128 ms slew limit
            assertEquals(250.0, r.decision().correctionNanos() / 1e6, TOLERANCE_MS);
            assertEquals(10, r.samples().size(), "5 queries to each of 2 servers");
            assertTrue(printed().startsWith("STEP +2"), printed());
            assertTrue(printed().endsWith("applied: false" + System.lineSeparator()), printed());
        }
    }
}
