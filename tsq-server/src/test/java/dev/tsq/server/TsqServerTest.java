package dev.tsq.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.exchange.RejectReason;
import dev.tsq.time.NtpTimestamp;
import dev.tsq.time.WallClock;
import dev.tsq.wire.ErrorResponse;
import dev.tsq.wire.ErrorTlv;
import dev.tsq.wire.MessageCodec;
import dev.tsq.wire.Nonce;
import dev.tsq.wire.Response;
import dev.tsq.wire.TimeResponse;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server over real QUIC on loopback, driven by a bare Netty client. */
class TsqServerTest {
    private static final long OFFSET = 250_000_000L;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static TsqServer server;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() {
        server = TsqServer.builder().port(0).selfSigned().noRateLimit()
                .clock(WallClock.SYSTEM.offsetBy(OFFSET)).build().start();
        address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The reference clients' request: exactly one Nonce TLV. */
    static byte[] bareRequest() {
        byte[] r = new byte[18];
        RANDOM.nextBytes(r);
        r[0] = 0x01;
        r[1] = 0x10;
        return r;
    }

    private static void assertAnswers(byte[] request, byte[] response, long before, long after) {
        Response decoded = MessageCodec.decodeResponse(response);
        TimeResponse r = assertInstanceOf(TimeResponse.class, decoded);
        assertEquals(Nonce.peek(request, 0, request.length), r.nonce());
        long t2 = NtpTimestamp.epochNanosOf(r.receiveTimestamp());
        long t3 = NtpTimestamp.epochNanosOf(r.sendTimestamp());
        assertTrue(t2 <= t3, "T2 <= T3");
        // The server clock is 250 ms ahead: T2 and T3 lie between the local send and receive times + 250 ms.
        assertTrue(t2 >= before + OFFSET - 1_000 && t3 <= after + OFFSET + 1_000,
                () -> "T2/T3 " + (t2 - before) + "/" + (t3 - before) + " ns after send");
    }

    @Test
    void bindsAnEphemeralPortAndReportsIt() {
        assertTrue(server.port() > 0);
        assertTrue(server.isRunning());
        assertEquals(TsqServer.DEFAULT_ALPNS, server.alpns());
        assertFalse(server.certificateChain().isEmpty());
    }

    @Test
    void answersTheReferenceBareRequestOnAStreamWithoutFin() throws Exception {
        try (RawQuicClient c = RawQuicClient.connect(address, "tsq/1")) {
            assertEquals("tsq/1", c.alpn());
            byte[] request = bareRequest();
            long before = System.currentTimeMillis() * 1_000_000L - 1_000_000L;
            RawQuicClient.StreamResult r = c.stream(request, false, Duration.ofSeconds(3));
            long after = System.currentTimeMillis() * 1_000_000L + 1_000_000L;
            assertEquals(38, r.bytes().length);
            assertTrue(r.fin(), "the server ends its side of the stream");
            assertAnswers(request, r.bytes(), before, after);
        }
    }

    @Test
    void answersTheReferenceBareRequestInADatagram() throws Exception {
        try (RawQuicClient c = RawQuicClient.connect(address, "tsq")) {
            assertEquals("tsq", c.alpn());
            byte[] request = bareRequest();
            long before = System.currentTimeMillis() * 1_000_000L - 1_000_000L;
            c.sendDatagram(request);
            byte[] response = c.receiveDatagram(Duration.ofSeconds(3));
            long after = System.currentTimeMillis() * 1_000_000L + 1_000_000L;
            assertNotNull(response, "a datagram response");
            assertEquals(38, response.length);
            assertAnswers(request, response, before, after);
        }
    }

    @Test
    void malformedStreamRequestGetsAnErrorTlvAndTheConnectionKeepsServing() throws Exception {
        long malformedBefore = server.counters().rejected(RejectReason.MALFORMED);
        try (RawQuicClient c = RawQuicClient.connect(address, "tsq")) {
            byte[] bad = {0x02, 0x08, 1, 2, 3, 4, 5, 6, 7, 8}; // a timestamp where the nonce must be
            RawQuicClient.StreamResult r = c.stream(bad, true, Duration.ofSeconds(3));
            ErrorResponse e = assertInstanceOf(ErrorResponse.class, MessageCodec.decodeResponse(r.bytes()));
            assertEquals(ErrorTlv.MALFORMED_REQUEST, e.error().code());
            assertTrue(r.fin());
            // Truncated (FIN in the middle of a TLV) is malformed too.
            RawQuicClient.StreamResult t = c.stream(new byte[] {0x01, 0x10, 1, 2, 3}, true, Duration.ofSeconds(3));
            assertInstanceOf(ErrorResponse.class, MessageCodec.decodeResponse(t.bytes()));
            // The same connection still answers a good request.
            byte[] good = bareRequest();
            assertEquals(38, c.stream(good, true, Duration.ofSeconds(3)).bytes().length);
        }
        assertTrue(server.counters().rejected(RejectReason.MALFORMED) >= malformedBefore + 2);
    }

    @Test
    void malformedDatagramIsDroppedSilentlyAndTheConnectionKeepsServing() throws Exception {
        try (RawQuicClient c = RawQuicClient.connect(address, "tsq")) {
            c.sendDatagram(new byte[] {0x01, 0x05, 1, 2, 3, 4, 5}); // nonce of 5 bytes
            c.sendDatagram(new byte[] {(byte) 0xfe, 0x02, 1, 1}); // padding first, non-zero
            assertNull(c.receiveDatagram(Duration.ofMillis(300)), "no answer to malformed datagrams");
            byte[] good = bareRequest();
            c.sendDatagram(good);
            byte[] response = c.receiveDatagram(Duration.ofSeconds(3));
            assertNotNull(response);
            assertEquals(Nonce.peek(good, 0, 18), Nonce.peek(response, 0, response.length));
            assertTrue(c.channel().isActive(), "connection still open");
        }
    }

    @Test
    void unknownAlpnIsRefusedDuringTheHandshake() throws Exception {
        try (RawQuicClient warm = RawQuicClient.connect(address, "tsq")) {
            assertEquals("tsq", warm.alpn()); // first handshake of the JVM pays for class loading
        }
        try (RawQuicClient c = RawQuicClient.open(true, "h3")) {
            long start = System.nanoTime();
            c.start(address);
            // the refusal is an event (a TLS no_application_protocol close), awaited with a generous timeout
            QuicConnectionCloseEvent e = c.closeEvent.get(30, TimeUnit.SECONDS);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(e.isTlsError(), e::toString);
            assertEquals(120, QuicConnectionCloseEvent.extractTlsError(e.error()), "no_application_protocol");
            System.out.println("ALPN refusal after " + ms + " ms");
            assertFalse(c.connectFuture().isDone() && !c.connectFuture().isCompletedExceptionally(),
                    "never connected");
        }
    }

    @Test
    void serverThatSpeaksOnlyTsq1RefusesTsq() throws Exception {
        try (TsqServer only = TsqServer.builder().port(0).selfSigned().alpn("tsq/1").build().start()) {
            InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), only.port());
            try (RawQuicClient c = RawQuicClient.attempt(a, true, "tsq")) {
                assertEquals(120, QuicConnectionCloseEvent.extractTlsError(c.closeEvent.get(2, TimeUnit.SECONDS).error()));
            }
            try (RawQuicClient c = RawQuicClient.connect(a, "tsq", "tsq/1")) {
                assertEquals("tsq/1", c.alpn());
            }
        }
    }

    @Test
    void rateLimitRefusesStreamsWithAnErrorAndDropsDatagrams() throws Exception {
        // A refill of one token per ~11.6 days: the third query finds the bucket empty however slowly this test
        // runs (with 0.5/s, two seconds of a loaded machine between the queries refilled it).
        try (TsqServer limited = TsqServer.builder().port(0).selfSigned().rateLimit(1e-6, 2).build().start();
             RawQuicClient c = RawQuicClient.connect(
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), limited.port()), "tsq")) {
            assertEquals(38, c.stream(bareRequest(), true, Duration.ofSeconds(3)).bytes().length);
            assertEquals(38, c.stream(bareRequest(), true, Duration.ofSeconds(3)).bytes().length);
            byte[] refused = c.stream(bareRequest(), true, Duration.ofSeconds(3)).bytes();
            ErrorResponse e = assertInstanceOf(ErrorResponse.class, MessageCodec.decodeResponse(refused));
            assertEquals(ErrorTlv.RATE_LIMITED, e.error().code());
            c.sendDatagram(bareRequest());
            assertNull(c.receiveDatagram(Duration.ofMillis(300)));
            // the dropped datagram is counted when the server gets to it: await that, do not assume it happened
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (limited.counters().rejected(RejectReason.RATE_LIMITED) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(2, limited.counters().rejected(RejectReason.RATE_LIMITED));
            assertEquals(2, limited.counters().streamQueries());
        }
    }

    @Test
    void connectionLimitRefusesConnectionsBeyondItBeforeAnyTlsWork() throws Exception {
        try (TsqServer one = TsqServer.builder().port(0).selfSigned().maxConnections(1).build().start()) {
            InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), one.port());
            try (RawQuicClient first = RawQuicClient.connect(a, "tsq")) {
                assertEquals(1, one.counters().activeConnections());
                try (RawQuicClient second = RawQuicClient.attempt(a, true, "tsq")) {
                    // Refused in the token handler: a stateless Retry, then its follow-up is dropped. The client
                    // never gets a connection.
                    assertThrows(java.util.concurrent.TimeoutException.class,
                            () -> second.connectFuture().get(1500, TimeUnit.MILLISECONDS));
                }
                ServerCounters c = one.counters();
                assertTrue(c.refusedConnections() >= 1, c::toString);
                assertTrue(c.refused(ServerLimit.MAX_CONNECTIONS) >= 1, c::toString);
                assertEquals(1, c.totalConnections(), "no connection state (and so no TLS) for the refused one");
                assertEquals(38, first.stream(bareRequest(), true, Duration.ofSeconds(3)).bytes().length);
            }
        }
    }

    @Test
    void oversizedStreamRequestIsRejected() throws Exception {
        try (RawQuicClient c = RawQuicClient.connect(address, "tsq")) {
            byte[] big = new byte[1400];
            System.arraycopy(bareRequest(), 0, big, 0, 18);
            big[18] = (byte) 0xfe; // then padding TLVs of zeros
            for (int p = 18; p + 2 <= big.length; p += 2 + 200) {
                big[p] = (byte) 0xfe;
                big[p + 1] = (byte) Math.min(200, big.length - p - 2);
            }
            RawQuicClient.StreamResult res = c.stream(big, true, Duration.ofSeconds(3));
            ErrorResponse e = assertInstanceOf(ErrorResponse.class,
                    MessageCodec.decodeResponse(res.bytes()));
            assertEquals(ErrorTlv.REQUEST_TOO_LARGE, e.error().code());
        }
    }

    @Test
    void closeReleasesThePortAndEveryThread() throws Exception {
        TsqServer s = TsqServer.builder().port(0).selfSigned().build().start();
        int port = s.port();
        try (RawQuicClient c = RawQuicClient.connect(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), "tsq")) {
            assertEquals(38, c.stream(bareRequest(), true, Duration.ofSeconds(3)).bytes().length);
            s.close();
            assertFalse(s.isRunning());
            s.close(); // idempotent
        }
        try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            assertEquals(port, again.getLocalPort());
        }
        TsqServer rebound = TsqServer.builder().port(port).selfSigned().build().start();
        assertEquals(port, rebound.port());
        rebound.close();
        Set<String> left = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("tsq-server")).collect(Collectors.toSet());
        // The shared test server's thread is the only one allowed.
        assertTrue(left.size() <= 1, () -> "threads left: " + left);
        assertThrows(IllegalStateException.class, s::start, "a closed server cannot restart");
    }

    @Test
    void bindFailureIsAClearError() {
        TsqServerException e = assertThrows(TsqServerException.class,
                () -> TsqServer.builder().port(server.port()).selfSigned().build().start());
        assertTrue(e.getMessage().contains(":" + server.port()), e.getMessage());
    }

    @Test
    void builderRejectsBadArguments() {
        assertEquals("port: 70000 (expected: 0-65535)",
                assertThrows(IllegalArgumentException.class, () -> TsqServer.builder().port(70000)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TsqServer.builder().alpn());
        assertThrows(IllegalArgumentException.class, () -> TsqServer.builder().maxConnections(0));
        assertThrows(IllegalArgumentException.class, () -> TsqServer.builder().idleTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> TsqServer.builder().rateLimit(0, 1));
        assertThrows(IllegalArgumentException.class, () -> TsqServer.builder().maxRequestBytes(10));
        assertThrows(IllegalStateException.class, () -> TsqServer.builder().port(0).build(),
                "a certificate is required");
        assertEquals("alwaysSign: true needs a signer (expected: signer(...))", assertThrows(IllegalStateException.class,
                () -> TsqServer.builder().port(0).selfSigned().alwaysSign(true).build()).getMessage());
    }

    @Test
    void countersSeeAnsweredQueriesPerMode() throws Exception {
        ServerCounters before = server.counters();
        try (RawQuicClient c = RawQuicClient.connect(address, "tsq")) {
            c.stream(bareRequest(), true, Duration.ofSeconds(3));
            c.sendDatagram(bareRequest());
            assertNotNull(c.receiveDatagram(Duration.ofSeconds(3)));
            ServerCounters after = server.counters();
            assertTrue(after.streamQueries() >= before.streamQueries() + 1);
            assertTrue(after.datagramQueries() >= before.datagramQueries() + 1);
            assertTrue(after.activeConnections() >= 1);
            assertTrue(after.totalConnections() >= before.totalConnections() + 1);
        }
    }

    @Test
    void responseBytesAreWhatTheClientGot() throws Exception {
        try (RawQuicClient c = RawQuicClient.connect(address, "tsq")) {
            byte[] req = bareRequest();
            byte[] got = c.stream(req, true, Duration.ofSeconds(3)).bytes();
            byte[] echoed = new byte[18];
            System.arraycopy(got, 0, echoed, 0, 18);
            assertArrayEquals(req, echoed, "the response starts with the request's Nonce TLV");
        }
    }

    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("tsq-server")).count();
    }

    @Test
    void severalThreadsShareOnePortAndEveryConnectionIsAnswered() throws Exception {
        long threadsBefore = serverThreads();
        try (TsqServer multi = TsqServer.builder().port(0).selfSigned().threads(2).noRateLimit().build().start()) {
            InetSocketAddress a = multi.localAddress();
            int clients = 12;
            for (int i = 0; i < clients; i++) {
                try (RawQuicClient c = RawQuicClient.connect(a, "tsq")) {
                    c.stream(bareRequest(), true, Duration.ofSeconds(3));
                    c.sendDatagram(bareRequest());
                    assertNotNull(c.receiveDatagram(Duration.ofSeconds(3)), "datagram answer on connection " + i);
                }
            }
            ServerCounters counters = multi.counters();
            assertEquals(clients, counters.streamQueries());
            assertEquals(clients, counters.datagramQueries());
            assertEquals(clients, counters.totalConnections());
            long added = serverThreads() - threadsBefore;
            assertEquals(2, added, "two more event-loop threads");
            multi.close();
            assertEquals(threadsBefore, serverThreads(), "close() ended both threads");
            try (java.net.DatagramSocket again = new java.net.DatagramSocket(a)) {
                assertEquals(a.getPort(), again.getLocalPort(), "every socket on the port was released");
            }
        }
        assertEquals("threads: 0 (expected: 1-256)",
                assertThrows(IllegalArgumentException.class, () -> TsqServer.builder().threads(0)).getMessage());
    }

    @Test
    void garbageUdpAtThePortNeverStopsTheServer() throws Exception {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
        try (DatagramSocket junk = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 20_000; i++) {
                byte[] b = new byte[rnd.nextInt(0, 1400)];
                rnd.nextBytes(b);
                if (b.length > 6 && i % 2 == 0) {
                    b[0] = (byte) (0xC0 | (b[0] & 0x3F)); // long header: reaches the QUIC codec's Initial parsing
                    b[1] = 0;
                    b[2] = 0;
                    b[3] = 0;
                    b[4] = 1; // QUIC version 1
                }
                junk.send(new java.net.DatagramPacket(b, b.length, address));
                if (i % 500 == 0) {
                    Thread.sleep(1); // bounded pace: the point is survival, not flooding the receive buffer
                }
            }
        }
        assertTrue(server.isRunning());
        try (RawQuicClient c = RawQuicClient.connect(address, "tsq")) {
            byte[] req = bareRequest();
            long before = WallClock.SYSTEM.epochNanos();
            RawQuicClient.StreamResult r = c.stream(req, true, Duration.ofSeconds(3));
            long after = WallClock.SYSTEM.epochNanos();
            assertAnswers(req, r.bytes(), before, after);
            c.sendDatagram(bareRequest());
            assertNotNull(c.receiveDatagram(Duration.ofSeconds(3)), "datagrams still answered");
        }
    }
}
