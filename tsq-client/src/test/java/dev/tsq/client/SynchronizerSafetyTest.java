package dev.tsq.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.TsqException;
import dev.tsq.exchange.TransportMode;
import dev.tsq.exchange.UnauthenticatedResponseException;
import dev.tsq.sync.Action;
import dev.tsq.sync.Estimate;
import dev.tsq.sync.ServerRejection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one-shot sync's safety rules over an in-memory source: quorum, signatures, duplicates, the deadline. */
class SynchronizerSafetyTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_764_000_000_000_000_000L;

    private static TsqSample sample(String server, long offset, int i, boolean authenticated) {
        long t1 = T0 + i * MS;
        long t2 = t1 + 100_000 + offset;
        long t3 = t2 + 5_000;
        long t4 = t1 + 205_000;
        return new TsqSample(server, InetSocketAddress.createUnresolved("127.0.0.1", 1), TransportMode.DATAGRAM, "tsq",
                t1, t2, t3, t4, ((t2 - t1) + (t3 - t4)) / 2, (t4 - t1) - (t3 - t2), authenticated, false, 18, 38,
                null, null, null);
    }

    /** Answers from a table; servers not in it are unreachable; counts the queries each server got. */
    private static final class Table implements SampleSource {
        final Map<String, Long> offsets;
        final Map<String, Boolean> signed = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

        Table(Map<String, Long> offsets) {
            this.offsets = offsets;
        }

        @Override
        public CompletableFuture<TsqSeries> sample(String server, int count) {
            int i = asked.computeIfAbsent(server, k -> new AtomicInteger()).getAndIncrement();
            Long off = offsets.get(server);
            if (off == null) {
                return CompletableFuture.completedFuture(new TsqSeries(server, 1, List.of(),
                        List.of(new UnreachableException(server + ": connection refused", null))));
            }
            return CompletableFuture.completedFuture(new TsqSeries(server, count,
                    List.of(SynchronizerSafetyTest.sample(server, off, i, signed.getOrDefault(server, true))), List.of()));
        }
    }

    @Test
    void threeConfiguredTwoUnreachableIsRefusedAndSaysHowManyAnsweredAndAgreed() {
        Table t = new Table(Map.of("a:1", 300 * MS));
        SyncReport r = SynchronizerTest.sync().servers("a:1", "down1:1", "down2:1").source(t).dryRun(true).build().run();
        assertEquals(Estimate.Status.NO_MAJORITY, r.estimate().status());
        assertEquals(Action.REFUSED, r.action());
        assertFalse(r.noUsableSamples(), "refused by policy (exit 3), not 'no usable samples' (exit 1)");
        assertTrue(r.decision().reason().startsWith("no majority: 1 of 3 configured server(s) answered and at most 1"
                + " agree (need at least 2"), r.decision().reason());
        assertEquals(5, r.servers().get(0).samples().size());
        assertTrue(r.servers().get(1).failures().get(0) instanceof UnreachableException);
    }

    @Test
    void twoAgreeAndOneLiesTheLiarIsOutvoted() {
        Table t = new Table(Map.of("a:1", 300 * MS, "b:1", 300 * MS, "liar:1", -700 * MS));
        SyncReport r = SynchronizerTest.sync().servers("a:1", "liar:1", "b:1").source(t).dryRun(true).build().run();
        assertEquals(Action.STEP, r.action());
        assertEquals(300 * MS, r.decision().correctionNanos());
        assertEquals(List.of("a:1", "b:1"), r.estimate().agreeingServers());
        assertEquals(ServerRejection.Reason.FALSETICKER, r.servers().get(1).rejection().reason());
    }

    @Test
    void minAgreeingServersRaisesTheBar() {
        Table t = new Table(Map.of("a:1", 30 * MS, "b:1", 30 * MS));
        SyncReport two = SynchronizerTest.sync().servers("a:1", "b:1", "c:1").source(t).minAgreeingServers(2).dryRun(true)
                .build().run();
        assertEquals(Action.SLEW, two.action());
        SyncReport three = SynchronizerTest.sync().servers("a:1", "b:1", "c:1").source(t).minAgreeingServers(3)
                .dryRun(true).build().run();
        assertEquals(Action.REFUSED, three.action());
        assertTrue(three.decision().reason().endsWith("from 2 agreeing server(s) (2 of 3 answered): fewer than"
                + " minAgreeingServers 3"), three.decision().reason());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SynchronizerTest.sync()
                .servers("a:1", "b:1").source(t).minAgreeingServers(3).dryRun(true).build());
        assertEquals("minAgreeingServers: 3 (expected: at most the 2 configured server(s))", e.getMessage());
        IllegalArgumentException z = assertThrows(IllegalArgumentException.class,
                () -> Synchronizer.builder().minAgreeingServers(0));
        assertEquals("minAgreeingServers: 0 (expected: >= 1)", z.getMessage());
    }

    @Test
    void whenSignaturesAreRequiredAnUnsignedServerCountsAsAFailure() {
        Table t = new Table(Map.of("a:1", 200 * MS, "b:1", 200 * MS, "plain:1", 200 * MS));
        t.signed.put("plain:1", false);
        SyncReport r = SynchronizerTest.sync().servers("a:1", "b:1", "plain:1").source(t).requireSigned(true)
                .dryRun(true).build().run();
        assertEquals(Action.STEP, r.action());
        ServerReport plain = r.servers().get(2);
        assertTrue(plain.samples().isEmpty());
        assertEquals(5, plain.failures().size());
        assertInstanceOf(UnauthenticatedResponseException.class, plain.failures().get(0));
        assertTrue(plain.failures().get(0).getMessage().contains("plain:1 sent an unsigned one"), plain.failures().get(0).getMessage());
        assertEquals(ServerRejection.Reason.NO_VALID_SAMPLES, plain.rejection().reason());
        // two of three unsigned: refused, the signed one alone is not a majority
        t.signed.put("b:1", false);
        SyncReport refused = SynchronizerTest.sync().servers("a:1", "b:1", "plain:1").source(t).requireSigned(true)
                .dryRun(true).build().run();
        assertEquals(Action.REFUSED, refused.action());
        // without the requirement the same unsigned samples are used
        SyncReport lax = SynchronizerTest.sync().servers("a:1", "b:1", "plain:1").source(t).dryRun(true).build().run();
        assertEquals(List.of("a:1", "b:1", "plain:1"), lax.estimate().agreeingServers());
    }

    @Test
    void serversThatResolveToTheSameAddressAreOneServerAndOneVote() {
        Synchronizer.Resolver dns = host -> switch (host) {
            case "time.example", "10.0.0.1" -> InetAddress.getByAddress(host, new byte[] {10, 0, 0, 1});
            case "other.example" -> InetAddress.getByAddress(host, new byte[] {10, 0, 0, 2});
            default -> throw new UnknownHostException(host);
        };
        Table t = new Table(Map.of("time.example", 100 * MS, "time.example:443", 100 * MS, "10.0.0.1:443", 100 * MS,
                "other.example", 900 * MS, "nowhere", 0L, "NOWHERE:443", 0L));
        SyncReport r = Synchronizer.builder().resolver(dns)
                .servers("time.example", "time.example:443", "10.0.0.1:443", "other.example", "nowhere", "NOWHERE:443")
                .source(t).dryRun(true).build().run();
        assertEquals(List.of("time.example:443", "other.example:443", "nowhere:443"),
                r.servers().stream().map(ServerReport::server).toList());
        assertEquals(3, r.warnings().size(), r.warnings().toString());
        assertEquals("servers: time.example:443 is the same server as time.example (10.0.0.1:443); it is asked once"
                + " and votes once", r.warnings().get(0));
        assertTrue(r.warnings().get(2).startsWith("servers: NOWHERE:443 is the same server as nowhere;"), r.warnings().get(2));
        assertEquals(5, t.asked.get("time.example").get());
        assertEquals(null, t.asked.get("time.example:443"));
        assertEquals(null, t.asked.get("10.0.0.1:443"));
        // three distinct servers that all disagree: no majority, where six raw entries would have given 3 of 6
        assertEquals(Action.REFUSED, r.action());
        assertEquals(3, r.estimate().configuredServers());
    }

    @Test
    void theDeadlineBoundsTheWholeSyncAndKeepsWhatArrived() {
        // "slow" answers twice, then never again; "hang" never answers
        AtomicInteger slowCalls = new AtomicInteger();
        Table fast = new Table(Map.of("a:1", 20 * MS, "b:1", 20 * MS));
        SampleSource source = (server, count) -> switch (server) {
            case "slow:1" -> slowCalls.getAndIncrement() < 2
                    ? CompletableFuture.completedFuture(new TsqSeries(server, 1,
                            List.of(sample(server, 20 * MS, slowCalls.get(), false)), List.of()))
                    : new CompletableFuture<>();
            case "hang:1" -> new CompletableFuture<>();
            default -> fast.sample(server, count);
        };
        long start = System.nanoTime();
        SyncReport r = SynchronizerTest.sync().servers("a:1", "b:1", "slow:1", "hang:1").source(source)
                .deadline(Duration.ofMillis(300)).dryRun(true).build().run();
        long took = System.nanoTime() - start;
        assertTrue(took >= 300 * MS, "waited for the deadline: " + took);
        ServerReport slow = r.servers().get(2);
        assertEquals(2, slow.samples().size(), "what arrived in time is kept");
        TsqException why = slow.failures().get(slow.failures().size() - 1);
        assertInstanceOf(QueryTimeoutException.class, why);
        assertEquals("deadline: the sync's 300 ms budget ran out before this query finished", why.getMessage());
        ServerReport hang = r.servers().get(3);
        assertTrue(hang.samples().isEmpty());
        assertInstanceOf(QueryTimeoutException.class, hang.failures().get(0));
        assertEquals(List.of("a:1", "b:1", "slow:1"), r.estimate().agreeingServers());
        assertEquals(Action.SLEW, r.action());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Synchronizer.builder().deadline(Duration.ZERO));
        assertEquals("deadline: PT0S (expected: > 0 and at most 1 day)", e.getMessage());
    }

    @Test
    void aSourceThatStopsAfterAHandshakeFailureIsNotAskedAgain() {
        AtomicInteger calls = new AtomicInteger();
        SampleSource source = (server, count) -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(new TsqSeries(server, 1, List.of(),
                    List.of(new HandshakeException(server, HandshakeException.Kind.CERTIFICATE, server + ": refused", null))));
        };
        SyncReport r = SynchronizerTest.sync().servers("x:1").source(source).dryRun(true).build().run();
        assertEquals(1, calls.get());
        assertEquals(1, r.servers().get(0).failures().size());
        assertTrue(r.noUsableSamples());
    }

    @Test
    void serversAreCheckedWhenConfigured() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Synchronizer.builder().servers("[::1"));
        assertEquals("server: [::1 (expected: [ipv6]:port, missing ']')", e.getMessage());
        List<String> none = new ArrayList<>();
        none.add(" ");
        assertThrows(IllegalArgumentException.class, () -> Synchronizer.builder().servers(none));
    }
}
