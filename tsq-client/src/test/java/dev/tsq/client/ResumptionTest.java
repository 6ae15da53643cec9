package dev.tsq.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.server.TsqServer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS session resumption over real QUIC on loopback: a second connection of one client to one server resumes, a
 * new client does not, and a server restarted with a new key gets a full handshake that is checked again.
 */
class ResumptionTest {
    static TsqServer server;
    static String at;

    @BeforeAll
    static void start() {
        server = TsqServer.builder().port(0).selfSigned().noRateLimit().build().start();
        at = "127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static TsqClient.Builder trusting(List<X509Certificate> chain) {
        return TsqClient.builder().trustCertificates(chain).timeout(Duration.ofSeconds(5));
    }

    @Test
    void aSecondConnectionOfOneClientResumesAndANewClientDoesNot() {
        try (TsqClient c = trusting(server.certificateChain()).build()) {
            ConnectionInfo first = c.connect(at);
            assertFalse(first.resumed(), "the first connection verifies the certificate: " + first);
            // The query's answer comes after the server's NewSessionTicket (quiche sends CRYPTO frames before
            // stream and datagram data), so the ticket is in the cache when we leave.
            assertNotNull(c.query(at));
            c.disconnect(at);
            assertEquals(1, c.counters().connects());

            ConnectionInfo second = c.connect(at);
            assertTrue(second.resumed(), "the second connection resumes with the first one's ticket: " + second);
            assertEquals(first.alpn(), second.alpn());
            assertEquals(first.datagramsSupported(), second.datagramsSupported());
            TsqSample s = c.query(at);
            assertEquals(first.alpn(), s.alpn());
            assertEquals(2, c.counters().connects(), "disconnect made the client open a new connection");

            // And again: every resumed connection brings a fresh ticket (TLS 1.3 tickets are single-use).
            c.disconnect(at);
            ConnectionInfo third = c.connect(at);
            assertTrue(third.resumed(), third.toString());
            assertNotNull(c.query(at));
        }
        try (TsqClient other = trusting(server.certificateChain()).build()) {
            ConnectionInfo info = other.connect(at);
            assertFalse(info.resumed(), "a new client has its own, empty, ticket cache: " + info);
            assertNotNull(other.query(at));
        }
    }

    @Test
    void anotherNameOfTheSameServerDoesNotResume() {
        // The cache is keyed by the host as configured: a ticket for 127.0.0.1 is not offered to localhost.
        try (TsqClient c = trusting(server.certificateChain()).build()) {
            assertFalse(c.connect(at).resumed());
            assertNotNull(c.query(at));
            ConnectionInfo byName = c.connect("localhost:" + server.port());
            assertFalse(byName.resumed(), byName.toString());
        }
    }

    @Test
    void aRestartedServerWithANewKeyGetsAFullHandshakeCheckedAgain() throws Exception {
        TsqServer before = TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned().noRateLimit().build()
                .start();
        int port = before.port();
        String addr = "127.0.0.1:" + port;
        // The successor is built (its new key made) now and bound to the same port once the first one is gone.
        TsqServer after = TsqServer.builder().bindAddress("127.0.0.1").port(port).selfSigned().noRateLimit().build();
        X509Certificate oldCert = before.certificateChain().get(0);
        X509Certificate newCert = after.certificateChain().get(0);
        assertFalse(MessageDigest.isEqual(oldCert.getPublicKey().getEncoded(), newCert.getPublicKey().getEncoded()),
                "the restarted server has a new key");
        List<X509Certificate> both = new ArrayList<>(before.certificateChain());
        both.addAll(after.certificateChain());
        try (TsqClient pinned = TsqClient.builder().pinSha256(pin(oldCert)).timeout(Duration.ofSeconds(5)).build();
             TsqClient trustsBoth = trusting(both).build()) {
            // Both clients hold a ticket from the old server, and prove it by resuming once.
            for (TsqClient c : List.of(pinned, trustsBoth)) {
                assertFalse(c.connect(addr).resumed());
                assertNotNull(c.query(addr));
                c.disconnect(addr);
                assertTrue(c.connect(addr).resumed(), "holds a ticket of the old server");
                assertNotNull(c.query(addr));
                c.disconnect(addr);
            }

            before.close();
            after.start();

            // The pinned client offers its stale ticket; the new server cannot decrypt it (its ticket key is new
            // too), so the handshake is a full one, and the new certificate fails the old pin.
            HandshakeException e = assertThrows(HandshakeException.class, () -> pinned.connect(addr));
            assertEquals(HandshakeException.Kind.CERTIFICATE, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("matches no pin"), e.getMessage());

            // A client whose trust covers the new certificate falls back to a full handshake and goes on.
            ConnectionInfo full = trustsBoth.connect(addr);
            assertFalse(full.resumed(), "a stale ticket is a full handshake: " + full);
            assertNotNull(trustsBoth.query(addr));
            trustsBoth.disconnect(addr);
            assertTrue(trustsBoth.connect(addr).resumed(), "with the new server's ticket, it resumes again");
            assertNotNull(trustsBoth.query(addr));
        } finally {
            before.close();
            after.close();
        }
    }

    @Test
    void disconnectWithoutAConnectionDoesNothing() throws Exception {
        try (TsqClient c = trusting(server.certificateChain()).build()) {
            c.disconnect(at);
            c.disconnectAsync("127.0.0.1:1").get(5, TimeUnit.SECONDS);
            assertEquals(0, c.counters().connects());
            assertNotNull(c.query(at), "the client still works");
        }
        TsqClient closed = trusting(server.certificateChain()).build();
        closed.close();
        closed.disconnectAsync(at).get(5, TimeUnit.SECONDS); // nothing left to close
    }

    @Test
    void disconnectFailsAQueryPendingOnTheConnection() throws Exception {
        // The server completes handshakes and never answers a query.
        try (RawQuicServer silent = new RawQuicServer(r -> null, true, r -> null);
             TsqClient c = TsqClient.builder().trustCertificates(List.of(silent.certificate()))
                     .mode(QueryMode.DATAGRAM).timeout(Duration.ofSeconds(60)).build()) {
            String addr = silent.address();
            assertFalse(c.connect(addr).resumed());
            CompletableFuture<TsqSample> pending = c.queryAsync(addr);
            c.disconnect(addr);
            ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(10, TimeUnit.SECONDS));
            assertInstanceOf(UnreachableException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("disconnected from " + addr), e.getCause().getMessage());
            assertEquals(1, c.counters().queriesFailed());
        }
    }

    @Test
    void disconnectAbandonsAHandshakeInFlight() throws Exception {
        // A UDP socket that reads nothing: the handshake never completes.
        try (DatagramSocket hole = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             TsqClient c = trusting(server.certificateChain()).connectTimeout(Duration.ofSeconds(60)).build()) {
            String addr = "127.0.0.1:" + hole.getLocalPort();
            CompletableFuture<ConnectionInfo> connecting = c.connectAsync(addr);
            CompletableFuture<TsqSample> query = c.queryAsync(addr);
            c.disconnectAsync(addr).get(10, TimeUnit.SECONDS);
            ExecutionException e = assertThrows(ExecutionException.class, () -> connecting.get(10, TimeUnit.SECONDS));
            assertInstanceOf(UnreachableException.class, e.getCause());
            e = assertThrows(ExecutionException.class, () -> query.get(10, TimeUnit.SECONDS));
            assertInstanceOf(UnreachableException.class, e.getCause());
            assertEquals(0, c.counters().connects());
        }
    }

    private static String pin(X509Certificate cert) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }
}
