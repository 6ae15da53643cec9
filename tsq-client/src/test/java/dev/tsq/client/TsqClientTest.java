package dev.tsq.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.auth.Keys;
import dev.tsq.auth.Signer;
import dev.tsq.auth.Verifier;
import dev.tsq.exchange.ResponseRejectedException;
import dev.tsq.exchange.ServerErrorException;
import dev.tsq.exchange.TransportMode;
import dev.tsq.exchange.UnauthenticatedResponseException;
import dev.tsq.server.TsqServer;
import dev.tsq.time.WallClock;
import dev.tsq.wire.ClockQuality;
import dev.tsq.wire.ErrorTlv;
import dev.tsq.wire.Metadata;
import dev.tsq.wire.TimeSourceInfo;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client against real TsqServers on loopback. */
class TsqClientTest {
    static final long OFFSET = 250_000_000L;
    static final int KEY_ID = 7;
    static final KeyPair ED25519 = Keys.generateEd25519();
    static TsqServer server;      // +250 ms, signs, metadata, both ALPNs, datagrams
    static TsqServer tsq1Only;    // speaks only tsq/1
    static TsqServer noDatagrams; // streams only
    static String at;

    @BeforeAll
    static void start() {
        server = TsqServer.builder().port(0).selfSigned().noRateLimit()
                .clock(WallClock.SYSTEM.offsetBy(OFFSET))
                .signer(Signer.ed25519(KEY_ID, ED25519.getPrivate()))
                .metadata(Metadata.of("site", "loopback"))
                .clockQuality(new ClockQuality(ClockQuality.GNSS, 1, 10, "gps"))
                .timeSourceInfo(new TimeSourceInfo(1, TimeSourceInfo.GPS, "test"))
                .build().start();
        tsq1Only = TsqServer.builder().port(0).selfSigned().noRateLimit().alpn("tsq/1").build().start();
        noDatagrams = TsqServer.builder().port(0).selfSigned().noRateLimit().datagrams(false).build().start();
        at = "127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
        tsq1Only.close();
        noDatagrams.close();
    }

    /**
     * The true offset lies within half the round-trip delay of the measured one (whatever the load, as long
     * as T2 and T3 are stamped right); 1 ms more for clock resolution.
     */
    static void assertOffset(long expected, TsqSample s) {
        assertEquals(expected, s.offsetNanos(), s.delayNanos() / 2.0 + 1_000_000,
                () -> "offset " + s.offsetMillis() + " ms with delay " + s.delayMillis() + " ms");
    }

    static TsqClient.Builder client(TsqServer s) {
        return TsqClient.builder().server("127.0.0.1:" + s.port()).trustCertificates(s.certificateChain());
    }

    @ParameterizedTest
    @CsvSource({"DATAGRAM,tsq", "DATAGRAM,tsq/1", "STREAM,tsq", "STREAM,tsq/1"})
    void bothModesAndBothAlpnsMeasureTheServerOffset(QueryMode mode, String alpn) {
        try (TsqClient c = client(server).mode(mode).alpn(alpn).build()) {
            List<TsqSample> samples = c.query(at, 12).samples();
            assertEquals(12, samples.size());
            for (TsqSample s : samples) {
                assertEquals(TransportMode.valueOf(mode.name()), s.mode());
                assertEquals(alpn, s.alpn());
                assertEquals("127.0.0.1:" + server.port(), s.server());
                assertTrue(s.delayNanos() > 0 && s.t1() < s.t4() && s.t2() <= s.t3());
            }
            // The minimum-delay sample bounds the error by half its delay (+1 ms resolution), however loaded the
            // machine: 250 ms +/- (delay / 2 + 1 ms), not a fixed +/- 1 ms.
            TsqSample best = samples.stream().min(Comparator.comparingLong(TsqSample::delayNanos)).orElseThrow();
            assertOffset(OFFSET, best);
        }
    }

    @Test
    void autoModeUsesDatagramsWhenTheServerHasThem() {
        try (TsqClient c = client(server).build()) {
            assertEquals(QueryMode.AUTO, c.mode());
            TsqSample s = c.query();
            assertEquals(TransportMode.DATAGRAM, s.mode());
            assertEquals("tsq", s.alpn(), "the draft's ALPN is offered first");
        }
    }

    @Test
    void autoModeFallsBackToStreamsWhenTheServerHasNoDatagrams() {
        try (TsqClient c = client(noDatagrams).build()) {
            ConnectionInfo info = c.connect(c.servers().get(0));
            assertFalse(info.datagramsSupported());
            assertEquals(TransportMode.STREAM, c.query().mode());
        }
        try (TsqClient c = client(noDatagrams).mode(QueryMode.DATAGRAM).build()) {
            assertThrows(DatagramsUnsupportedException.class, c::query);
        }
    }

    @Test
    void aServerThatSpeaksOnlyTsq1WorksAndTheAlpnIsReported() {
        try (TsqClient c = client(tsq1Only).build()) {
            TsqSample s = c.query();
            assertEquals("tsq/1", s.alpn());
        }
        try (TsqClient c = client(tsq1Only).alpn("tsq").build()) {
            HandshakeException e = assertThrows(HandshakeException.class, c::query);
            assertEquals(HandshakeException.Kind.ALPN, e.kind());
        }
    }

    @Test
    void wrongAlpnIsRefusedByTheHandshakeNotByATimeout() {
        // The refusal is an event (the server's no_application_protocol alert), so it is asserted as one: an ALPN
        // HandshakeException, not a timeout; how long it took is printed, not asserted.
        try (TsqClient c = client(server).alpn("h3").timeout(Duration.ofSeconds(30)).build()) {
            long start = System.nanoTime();
            HandshakeException e = assertThrows(HandshakeException.class, c::query);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(HandshakeException.Kind.ALPN, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("[h3]"), e.getMessage());
            System.out.println("ALPN refusal took " + ms + " ms");
        }
    }

    @Test
    void signedResponsesVerifyInBothModes() {
        Verifier trusted = Verifier.builder().ed25519(KEY_ID, ED25519.getPublic()).build();
        for (QueryMode mode : List.of(QueryMode.DATAGRAM, QueryMode.STREAM)) {
            try (TsqClient c = client(server).mode(mode).requestSignature(trusted).build()) {
                TsqSample s = c.query();
                assertTrue(s.authenticated(), mode + ": authenticated");
                assertOffset(OFFSET, s);
            }
        }
    }

    @Test
    void hmacSignedResponsesVerify() {
        byte[] secret = "a shared secret of 32 bytes!!!!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (TsqServer hmac = TsqServer.builder().port(0).selfSigned().signer(Signer.hmacSha256(3, secret))
                .build().start()) {
            for (QueryMode mode : List.of(QueryMode.DATAGRAM, QueryMode.STREAM)) {
                try (TsqClient c = client(hmac).mode(mode)
                        .requestSignature(Verifier.builder().hmacSha256(3, secret).build()).build()) {
                    assertTrue(c.query().authenticated(), mode.name());
                }
            }
            byte[] wrong = secret.clone();
            wrong[0] ^= 1;
            try (TsqClient c = client(hmac).requestSignature(Verifier.builder().hmacSha256(3, wrong).build())
                    .build()) {
                assertEquals(ResponseRejectedException.Reason.BAD_SIGNATURE,
                        assertThrows(UnauthenticatedResponseException.class, c::query).reason());
            }
        }
    }

    @Test
    void anIdleConnectionIsClosedAndTheNextQueryReconnects() throws Exception {
        long before = server.counters().totalConnections();
        try (TsqClient c = client(server).idleTimeout(Duration.ofMillis(300)).build()) {
            assertNotNull(c.query());
            assertEquals(before + 1, server.counters().totalConnections());
            // QUIC closes after the idle timeout (at least 3 PTOs, longer on a loaded machine). A query while the
            // connection is still open would reuse it and restart the idle timer, so the waits grow (0.6 s, 1.2 s,
            // 2.4 s, ...): once a wait outlasts the idle close, the next query must open a second connection.
            long wait = 600;
            while (server.counters().totalConnections() == before + 1 && wait <= 19_200) {
                Thread.sleep(wait);
                assertNotNull(c.query());
                wait *= 2;
            }
        }
        assertEquals(before + 2, server.counters().totalConnections(), "the idle connection was closed and "
                + "exactly one new one was opened");
    }

    @Test
    void aSignatureFromAnUntrustedKeyIsRejected() {
        Verifier other = Verifier.builder().ed25519(KEY_ID, Keys.generateEd25519().getPublic()).build();
        try (TsqClient c = client(server).mode(QueryMode.STREAM).requestSignature(other).build()) {
            UnauthenticatedResponseException e = assertThrows(UnauthenticatedResponseException.class, c::query);
            assertEquals(ResponseRejectedException.Reason.BAD_SIGNATURE, e.reason());
        }
    }

    @Test
    void signatureRequiredFromAServerWithoutKeysIsAServerError() {
        Verifier trusted = Verifier.builder().ed25519(KEY_ID, ED25519.getPublic()).build();
        try (TsqClient c = client(noDatagrams).mode(QueryMode.STREAM).requestSignature(trusted).build()) {
            ServerErrorException e = assertThrows(ServerErrorException.class, c::query);
            assertEquals(ErrorTlv.UNSUPPORTED_TLV, e.code());
        }
    }

    @Test
    void precisionModeGivesEqualRequestAndResponseSizes() {
        for (QueryMode mode : List.of(QueryMode.DATAGRAM, QueryMode.STREAM)) {
            try (TsqClient c = client(server).mode(mode).precisionMode(true).metadataQuery(true).build()) {
                TsqSample s = c.query();
                assertTrue(s.precisionAcknowledged(), mode + ": acknowledged");
                assertEquals(s.requestBytes(), s.responseBytes(), mode + ": sizes");
            }
        }
    }

    @Test
    void metadataClockQualityAndTimeSourceInfoComeBack() {
        try (TsqClient c = client(server).metadataQuery(true).build()) {
            TsqSample s = c.query();
            assertNotNull(s.metadata());
            assertEquals("loopback", s.metadata().get("site").orElseThrow());
            assertEquals(ClockQuality.GNSS, s.clockQuality().clockClass());
            assertEquals("test", s.timeSourceInfo().info());
        }
        try (TsqClient c = client(server).build()) {
            assertNull(c.query().metadata(), "no metadata unless asked for");
        }
    }

    @Test
    void oneConnectionServesAThousandQueriesInEachMode() {
        for (QueryMode mode : List.of(QueryMode.DATAGRAM, QueryMode.STREAM)) {
            long connectionsBefore = server.counters().totalConnections();
            try (TsqClient c = client(server).mode(mode).build()) {
                TsqSeries series = c.query(at, 1000);
                assertEquals(1000, series.samples().size(), () -> mode + ": " + series.failures());
                assertTrue(series.failures().isEmpty());
                assertEquals(1000, series.attempted());
            }
            assertEquals(connectionsBefore + 1, server.counters().totalConnections(), mode + ": one handshake");
        }
    }

    @Test
    void manyQueriesInFlightOnOneConnectionAreMatchedByNonce() {
        for (QueryMode mode : List.of(QueryMode.DATAGRAM, QueryMode.STREAM)) {
            try (TsqClient c = client(server).mode(mode).build()) {
                c.connect(at);
                List<CompletableFuture<TsqSample>> all = new ArrayList<>();
                for (int i = 0; i < 300; i++) { // more than the server's 100 concurrent streams
                    all.add(c.queryAsync());
                }
                for (CompletableFuture<TsqSample> f : all) {
                    TsqSample s = f.join();
                    assertEquals(TransportMode.valueOf(mode.name()), s.mode());
                    assertOffset(OFFSET, s);
                }
            }
        }
    }

    @Test
    void serverErrorTlvIsAServerErrorException() {
        try (TsqServer limited = TsqServer.builder().port(0).selfSigned().rateLimit(0.01, 1).build().start();
             TsqClient c = client(limited).mode(QueryMode.STREAM).build()) {
            assertNotNull(c.query());
            ServerErrorException e = assertThrows(ServerErrorException.class, c::query);
            assertEquals(ErrorTlv.RATE_LIMITED, e.code());
        }
    }

    @Test
    void connectionInfoReportsTheHandshake() {
        try (TsqClient c = client(server).build()) {
            ConnectionInfo info = c.connect(at);
            assertEquals("tsq", info.alpn());
            assertTrue(info.datagramsSupported());
            assertTrue(info.handshakeNanos() > 0);
            assertEquals(server.port(), info.remoteAddress().getPort());
            assertEquals(info, c.connect(at), "the connection is reused");
        }
    }

    @Test
    void ipv6LoopbackWorks() {
        try (TsqServer v6 = TsqServer.builder().bindAddress("::1").port(0).selfSigned().build().start();
             TsqClient c = TsqClient.builder().server("[::1]:" + v6.port())
                     .trustCertificates(v6.certificateChain()).build()) {
            TsqSample s = c.query();
            assertEquals("[::1]:" + v6.port(), s.server());
            assertOffset(0, s);
        }
    }

    @Test
    void unreachableServerIsAnUnreachableException() throws Exception {
        int port;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (TsqClient c = TsqClient.builder().insecure().connectTimeout(Duration.ofMillis(300)).build()) {
            UnreachableException e = assertThrows(UnreachableException.class, () -> c.query("127.0.0.1:" + port));
            assertTrue(e.getMessage().contains("no handshake answer"), e.getMessage());
        }
        try (TsqClient c = TsqClient.builder().insecure().build()) {
            assertThrows(UnreachableException.class, () -> c.query("no-such-host.invalid:443"));
        }
    }

    @Test
    void closeReleasesEveryThreadAndLaterCallsFail() {
        TsqClient c = client(server).build();
        assertNotNull(c.query());
        c.close();
        c.close(); // idempotent
        assertThrows(IllegalStateException.class, c::query);
        long left = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("tsq-client")).count();
        assertEquals(0, left, "tsq-client threads alive after close");
    }

    @Test
    void builderRejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> TsqClient.builder().server("host:70000"));
        assertThrows(IllegalArgumentException.class, () -> TsqClient.builder().alpn());
        assertThrows(IllegalArgumentException.class, () -> TsqClient.builder().pinSha256("sha256:abcd"));
        assertThrows(IllegalArgumentException.class, () -> TsqClient.builder().timeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> TsqClient.builder().datagramRetry(0, Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> TsqClient.builder().requestSignature(Verifier.none()));
        try (TsqClient c = TsqClient.builder().insecure().build()) {
            assertThrows(IllegalStateException.class, c::query, "no server configured");
        }
    }
}
