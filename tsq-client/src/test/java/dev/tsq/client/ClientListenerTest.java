package dev.tsq.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.TsqException;
import dev.tsq.engine.FailureKind;
import dev.tsq.exchange.ClientExchange;
import dev.tsq.exchange.ServerExchange;
import dev.tsq.exchange.TransportMode;
import dev.tsq.server.TsqServer;
import dev.tsq.time.WallClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The client's listener and counters, over real QUIC on loopback. */
class ClientListenerTest {
    static final long OFFSET = 250_000_000L;

    /** Records every callback as one line, in order; also keeps the values. */
    static final class Recorder implements TsqClientListener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<TsqSample> samples = Collections.synchronizedList(new ArrayList<>());
        final List<TsqFailure> failures = Collections.synchronizedList(new ArrayList<>());
        final List<ConnectionInfo> connections = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void connectStart(String server, InetSocketAddress remote) {
            events.add("connectStart " + server);
        }

        @Override
        public void connectEnd(ConnectionInfo connection) {
            connections.add(connection);
            events.add("connectEnd " + connection.server() + " " + connection.alpn());
        }

        @Override
        public void connectFailed(String server, InetSocketAddress remote, TsqException failure) {
            events.add("connectFailed " + server + " " + failure.getClass().getSimpleName());
        }

        @Override
        public void queryStart(String server) {
            events.add("queryStart " + server);
        }

        @Override
        public void queryEnd(TsqSample sample) {
            samples.add(sample);
            events.add("queryEnd " + sample.server() + " " + sample.mode().label());
        }

        @Override
        public void queryFailed(TsqFailure failure) {
            failures.add(failure);
            events.add("queryFailed " + failure.server() + " " + failure.kind());
        }

        @Override
        public void demoted(String server, int lostQueries) {
            events.add("demoted " + server + " " + lostQueries);
        }

        @Override
        public void unmatchedDatagram(String server, int bytes) {
            events.add("unmatched " + server);
        }

        long count(String prefix) {
            synchronized (events) {
                return events.stream().filter(e -> e.startsWith(prefix)).count();
            }
        }
    }

    static UnaryOperator<byte[]> honest(TransportMode mode) {
        ServerExchange exchange = ServerExchange.builder().build();
        return request -> {
            byte[] out = new byte[ServerExchange.MAX_MESSAGE_BYTES];
            int n = exchange.respond(request, 0, request.length, WallClock.SYSTEM.epochNanos(), mode, out, 0);
            return n == 0 ? null : Arrays.copyOf(out, n);
        };
    }

    static TsqClient.Builder client(RawQuicServer s, Recorder r) {
        return TsqClient.builder().server(s.address()).trustCertificates(List.of(s.certificate())).listener(r);
    }

    @Test
    void successfulQueriesAreHeardInOrderAndCounted() {
        Recorder r = new Recorder();
        try (TsqServer server = TsqServer.builder().port(0).selfSigned().noRateLimit()
                .clock(WallClock.SYSTEM.offsetBy(OFFSET)).build().start();
             TsqClient c = TsqClient.builder().server("127.0.0.1:" + server.port())
                     .trustCertificates(server.certificateChain()).mode(QueryMode.DATAGRAM).listener(r).build()) {
            String name = "127.0.0.1:" + server.port();
            assertEquals(new ClientCounters(0, 0, 0, 0, 0, 0, 0, 0, 0), c.counters());
            TsqSeries series = c.query(name, 5);
            assertEquals(5, series.samples().size(), () -> series.failures().toString());
            assertEquals(List.of("queryStart " + name, "connectStart " + name, "connectEnd " + name + " tsq",
                    "queryEnd " + name + " datagram"), r.events.subList(0, 4));
            assertEquals(5, r.count("queryStart"));
            assertEquals(5, r.count("queryEnd"));
            assertEquals(1, r.count("connectStart"), "one connection for all five");
            assertEquals(0, r.count("queryFailed") + r.count("connectFailed") + r.count("demoted"));
            assertEquals(series.samples(), r.samples, "the listener saw the very samples the series holds");
            assertTrue(r.connections.get(0).datagramsSupported());

            ClientCounters k = c.counters();
            assertEquals(5, k.queriesStarted());
            assertEquals(5, k.queriesSucceeded());
            assertEquals(0, k.queriesFailed());
            assertEquals(0, k.queriesInFlight());
            assertEquals(1, k.connects());
            assertEquals(0, k.connectFailures());
            TsqSample last = series.samples().get(4);
            assertEquals(last.offsetNanos(), k.lastOffsetNanos());
            assertEquals(last.delayNanos(), k.lastRttNanos());
            assertEquals(OFFSET, k.lastOffsetNanos(), k.lastRttNanos() / 2.0 + 1_000_000);
            assertTrue(k.lastRttNanos() > 0);
        }
    }

    @Test
    void lostDatagramsDemoteOnceAndForgedOnesAreUnmatched() throws Exception {
        Recorder r = new Recorder();
        try (RawQuicServer s = new RawQuicServer(honest(TransportMode.STREAM), true, request -> null);
             TsqClient c = client(s, r).datagramRetry(2, Duration.ofMillis(30)).timeout(Duration.ofSeconds(2)).build()) {
            for (int i = 0; i < 4; i++) {
                assertEquals(TransportMode.STREAM, c.query().mode());
            }
            assertEquals(List.of("demoted " + s.address() + " 3"),
                    r.events.stream().filter(e -> e.startsWith("demoted")).toList());
            int demotedAt = r.events.indexOf("demoted " + s.address() + " 3");
            assertEquals(3, r.events.subList(0, demotedAt).stream().filter(e -> e.startsWith("queryStart")).count(),
                    "heard during the third query");
            ClientCounters k = c.counters();
            assertEquals(1, k.demotions());
            assertEquals(4, k.queriesSucceeded());
        }
        // A server that answers every datagram with the answer to another request: none matches.
        ClientExchange other = ClientExchange.builder().build();
        UnaryOperator<byte[]> forge = request -> honest(TransportMode.DATAGRAM).apply(other.newRequest().bytes());
        Recorder r2 = new Recorder();
        try (RawQuicServer s = new RawQuicServer(honest(TransportMode.STREAM), true, forge);
             TsqClient c = client(s, r2).datagramRetry(2, Duration.ofMillis(30)).timeout(Duration.ofSeconds(2)).build()) {
            assertEquals(TransportMode.STREAM, c.query().mode(), "fell back to a stream");
            ClientCounters k = c.counters();
            assertEquals(2, k.unmatchedDatagrams(), "both datagram attempts were answered by forgeries");
            assertEquals(2, r2.count("unmatched " + s.address()));
        }
    }

    @Test
    void aQueryThatFailsAfterTheHandshakeCarriesItsConnection() throws Exception {
        Recorder r = new Recorder();
        try (RawQuicServer s = new RawQuicServer(request -> null, true, request -> null);
             TsqClient c = client(s, r).mode(QueryMode.STREAM).timeout(Duration.ofMillis(300)).build()) {
            TsqSeries series = c.queryAsync(s.address(), 1).get();
            assertEquals(1, series.failures().size());
            TsqFailure f = series.failureDetails().get(0);
            assertEquals(FailureKind.TIMEOUT, f.kind());
            assertEquals(TransportMode.STREAM, f.mode());
            assertInstanceOf(QueryTimeoutException.class, f.exception());
            assertNotNull(f.connection(), "the handshake succeeded");
            assertEquals("tsq", f.alpn());
            assertEquals("tsq", series.alpn(), "what tsq query --json reports");
            assertEquals(TransportMode.STREAM, series.mode());
            assertEquals(List.of(f), r.failures, "the listener heard the same failure value");
            assertThrows(QueryTimeoutException.class, c::query, "the blocking edge still throws");
            ClientCounters k = c.counters();
            assertEquals(2, k.queriesStarted());
            assertEquals(2, k.queriesFailed());
            assertEquals(0, k.queriesSucceeded());
            assertEquals(0, k.lastRttNanos(), "no sample yet");
        }
    }

    @Test
    void aFailedHandshakeIsHeardAndItsFailureHasNoConnection() throws Exception {
        int port;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Recorder r = new Recorder();
        String name = "127.0.0.1:" + port;
        try (TsqClient c = TsqClient.builder().insecure().connectTimeout(Duration.ofMillis(300)).listener(r).build()) {
            TsqSeries series = c.query(name, 3);
            assertEquals(1, series.attempted(), "an unreachable server stops the series");
            TsqFailure f = series.failureDetails().get(0);
            assertEquals(FailureKind.UNREACHABLE, f.kind());
            assertNull(f.connection());
            assertNull(f.mode(), "nothing was sent");
            assertNull(series.alpn());
            assertInstanceOf(UnreachableException.class, f.exception());
            assertEquals(List.of("queryStart " + name, "connectStart " + name,
                    "connectFailed " + name + " UnreachableException", "queryFailed " + name + " UNREACHABLE"), r.events);
            ClientCounters k = c.counters();
            assertEquals(1, k.connectFailures());
            assertEquals(0, k.connects());
            assertEquals(1, k.queriesFailed());
            // a host that does not resolve fails before it starts, heard and counted all the same
            assertThrows(UnreachableException.class, () -> c.query("no-such-host.invalid:443"));
            assertEquals(2, c.counters().queriesFailed());
            assertEquals("queryFailed no-such-host.invalid:443 UNREACHABLE", r.events.get(r.events.size() - 1));
        }
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheClient() throws Exception {
        TsqClientListener rude = new TsqClientListener() {
            @Override
            public void queryStart(String server) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void queryEnd(TsqSample sample) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (RawQuicServer s = new RawQuicServer(honest(TransportMode.STREAM), true, honest(TransportMode.DATAGRAM));
             TsqClient c = TsqClient.builder().server(s.address()).trustCertificates(List.of(s.certificate()))
                     .listener(rude).build()) {
            assertEquals(TransportMode.DATAGRAM, c.query().mode());
            assertEquals(1, c.counters().queriesSucceeded());
        }
    }

    @Test
    void builderRejectsANullListenerAndNoneHearsNothing() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> TsqClient.builder().listener(null));
        assertEquals("listener", e.getMessage());
        TsqClientListener.NONE.queryStart("x:1"); // every default is a no-op
        TsqClientListener.NONE.demoted("x:1", 3);
    }
}
