package dev.tsq.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.auth.Keys;
import dev.tsq.auth.Signer;
import dev.tsq.auth.Verifier;
import dev.tsq.exchange.UnauthenticatedResponseException;
import dev.tsq.server.TsqServer;
import dev.tsq.sync.Action;
import dev.tsq.sync.Estimate;
import dev.tsq.sync.ServerRejection;
import dev.tsq.time.WallClock;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The one-shot sync over real QUIC on loopback under faults: the quorum over configured servers, required signatures,
 * a lossy asymmetric path, a server killed mid-sync. Dry runs only: the clock is never touched.
 */
class SynchronizerFaultTest {
    private static final long MS = 1_000_000L;

    private static TsqServer server(long offset) {
        return server(offset, null);
    }

    private static TsqServer server(long offset, Signer signer) {
        TsqServer.Builder b = TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned()
                .clock(WallClock.SYSTEM.offsetBy(offset)).noRateLimit();
        if (signer != null) {
            b.signer(signer);
        }
        return b.build().start();
    }

    private static String name(TsqServer s) {
        return "127.0.0.1:" + s.port();
    }

    private static List<X509Certificate> certs(List<TsqServer> servers) {
        return servers.stream().map(s -> s.certificateChain().get(0)).toList();
    }

    private static String deadAddress() throws Exception {
        try (DatagramSocket free = new DatagramSocket(0)) {
            return "127.0.0.1:" + free.getLocalPort();
        }
    }

    @Test
    void threeConfiguredTwoDownIsRefused() throws Exception {
        try (TsqServer up = server(300 * MS)) {
            List<String> servers = List.of(name(up), deadAddress(), deadAddress());
            try (TsqClient c = TsqClient.builder().servers(servers).trustCertificates(certs(List.of(up)))
                    .timeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(2)).build()) {
                SyncReport r = Synchronizer.builder().servers(servers).source(c::queryAsync).dryRun(true).build().run();
                assertEquals(Estimate.Status.NO_MAJORITY, r.estimate().status());
                assertEquals(Action.REFUSED, r.action());
                assertTrue(r.decision().reason().startsWith("no majority: 1 of 3 configured server(s) answered"),
                        r.decision().reason());
                assertEquals(5, r.servers().get(0).samples().size());
                assertFalse(r.servers().get(1).failures().isEmpty());
                assertFalse(r.servers().get(2).failures().isEmpty());
            }
        }
    }

    @Test
    void aServerNamedTwiceIsOneVote() throws Exception {
        try (TsqServer up = server(300 * MS)) {
            List<String> servers = List.of(name(up), "localhost:" + up.port(), deadAddress());
            try (TsqClient c = TsqClient.builder().servers(servers).trustCertificates(certs(List.of(up)))
                    .hostnameVerification(false).timeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(2))
                    .build()) {
                SyncReport r = Synchronizer.builder().servers(servers).source(c::queryAsync).dryRun(true).build().run();
                assertEquals(1, r.warnings().size(), r.warnings().toString());
                assertTrue(r.warnings().get(0).startsWith("servers: localhost:" + up.port() + " is the same server as "
                        + name(up)), r.warnings().get(0));
                assertEquals(2, r.servers().size());
                // without deduplication this would be "2 of 3 agree"; it is 1 of 2
                assertEquals(Action.REFUSED, r.action());
            }
        }
    }

    @Test
    void withSignaturesRequiredUnsignedAndBadlySignedServersAreFailures() throws Exception {
        KeyPair trusted = Keys.generateEd25519();
        KeyPair other = Keys.generateEd25519();
        List<TsqServer> all = new ArrayList<>();
        try (TsqServer a = server(200 * MS, Signer.ed25519(7, trusted.getPrivate()));
             TsqServer b = server(200 * MS, Signer.ed25519(7, trusted.getPrivate()));
             TsqServer plain = server(200 * MS);
             TsqServer forger = server(200 * MS, Signer.ed25519(7, other.getPrivate()))) {
            all.addAll(List.of(a, b, plain, forger));
            List<String> three = List.of(name(a), name(b), name(plain));
            Verifier v = Verifier.builder().ed25519(7, trusted.getPublic()).build();
            try (TsqClient c = TsqClient.builder().servers(three).trustCertificates(certs(all)).requestSignature(v)
                    .timeout(Duration.ofSeconds(5)).build()) {
                SyncReport r = Synchronizer.builder().servers(three).source(c::queryAsync).requireSigned(true)
                        .dryRun(true).build().run();
                assertEquals(Action.STEP, r.action(), r.decision().reason());
                assertEquals(List.of(name(a), name(b)), r.estimate().agreeingServers());
                ServerReport p = r.servers().get(2);
                assertTrue(p.samples().isEmpty());
                assertFalse(p.failures().isEmpty());
                assertEquals(ServerRejection.Reason.NO_VALID_SAMPLES, p.rejection().reason());
                r.samples().forEach(s -> assertTrue(s.authenticated()));
            }
            // one good, one unsigned, one signed with an untrusted key: 1 of 3, refused
            List<String> bad = List.of(name(a), name(plain), name(forger));
            try (TsqClient c = TsqClient.builder().servers(bad).trustCertificates(certs(all)).requestSignature(v)
                    .timeout(Duration.ofSeconds(5)).build()) {
                SyncReport r = Synchronizer.builder().servers(bad).source(c::queryAsync).requireSigned(true)
                        .dryRun(true).build().run();
                assertEquals(Action.REFUSED, r.action());
                ServerReport f = r.servers().get(2);
                assertTrue(f.samples().isEmpty());
                assertInstanceOf(UnauthenticatedResponseException.class, f.failures().get(0), f.failures().toString());
            }
        }
    }

    @Test
    void aSyncThroughLossyAsymmetricPathsSucceedsWithTheOffsetWithinTheAsymmetry() throws Exception {
        long truth = 150 * MS;
        // 20% loss each way; 3 ms + up to 0.5 ms out, 1 ms + up to 0.5 ms back: the offset is biased by
        // (out - back) / 2 = +1 ms, give or take the jitter
        LossyUdpRelay.Path out = new LossyUdpRelay.Path(0.2, 3_000, 500);
        LossyUdpRelay.Path back = new LossyUdpRelay.Path(0.2, 1_000, 500);
        List<TsqServer> servers = List.of(server(truth), server(truth), server(truth));
        List<LossyUdpRelay> relays = new ArrayList<>();
        try {
            for (int i = 0; i < servers.size(); i++) {
                relays.add(new LossyUdpRelay(new InetSocketAddress("127.0.0.1", servers.get(i).port()), out, back,
                        0x5EED + i, 20_000));
            }
            List<String> names = relays.stream().map(LossyUdpRelay::address).toList();
            try (TsqClient c = TsqClient.builder().servers(names).trustCertificates(certs(servers))
                    .timeout(Duration.ofSeconds(3)).connectTimeout(Duration.ofSeconds(15))
                    .datagramRetry(4, Duration.ofMillis(100)).build()) {
                SyncReport r = Synchronizer.builder().servers(names).queriesPerServer(8).source(c::queryAsync)
                        .deadline(Duration.ofSeconds(40)).dryRun(true).build().run();
                long dropped = relays.stream().mapToLong(x -> x.droppedOut.get() + x.droppedIn.get()).sum();
                long forwarded = relays.stream().mapToLong(x -> x.forwarded.get()).sum();
                assertTrue(dropped > 0, "the relays dropped packets: " + dropped + " of " + (dropped + forwarded));
                assertEquals(Estimate.Status.AGREED, r.estimate().status(), r.decision().reason());
                assertEquals(3, r.estimate().agreeingServers().size(), r.decision().reason());
                assertEquals(Action.STEP, r.action());
                long error = r.estimate().offsetNanos() - truth;
                System.out.printf("lossy relay: %d of %d packets dropped, %d samples, offset error %+.3f ms,"
                        + " uncertainty %.3f ms, %.0f ms%n", dropped, dropped + forwarded, r.estimate().validSamples(),
                        error / 1e6, r.estimate().uncertaintyNanos() / 1e6, r.durationNanos() / 1e6);
                // the true offset is inside the reported interval, and the error is the paths' asymmetry:
                // (3 - 1) / 2 = +1 ms, within the jitter and a few ms of scheduling on a loaded machine
                assertTrue(Math.abs(error) <= r.estimate().uncertaintyNanos(),
                        "error " + error + " beyond the uncertainty " + r.estimate().uncertaintyNanos());
                assertTrue(error >= 1 * MS - 3 * MS && error <= 1 * MS + 3 * MS, "error " + error + " ns");
            }
        } finally {
            for (LossyUdpRelay x : relays) {
                x.close();
            }
            servers.forEach(TsqServer::close);
        }
    }

    @Test
    void aServerKilledInTheMiddleOfASyncIsReportedAndTheOthersFinishIt() throws Exception {
        TsqServer a = server(250 * MS);
        TsqServer b = server(250 * MS);
        TsqServer victim = server(250 * MS);
        try {
            List<String> names = List.of(name(a), name(b), name(victim));
            AtomicInteger victimAnswers = new AtomicInteger();
            CompletableFuture<Void> killed = new CompletableFuture<>();
            try (TsqClient c = TsqClient.builder().servers(names).trustCertificates(certs(List.of(a, b, victim)))
                    .timeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(5))
                    .datagramRetry(1, Duration.ofMillis(100)).build()) {
                SampleSource killing = (server, count) -> {
                    CompletableFuture<TsqSeries> f = c.queryAsync(server, count);
                    if (!server.equals(name(victim))) {
                        return f;
                    }
                    return f.thenApply(s -> {
                        if (!s.samples().isEmpty() && victimAnswers.incrementAndGet() == 2) {
                            // kill it after its second answer, off the client's event loop
                            new Thread(() -> {
                                victim.close();
                                killed.complete(null);
                            }, "killer").start();
                            killed.join();
                        }
                        return s;
                    });
                };
                SyncReport r = Synchronizer.builder().servers(names).source(killing).deadline(Duration.ofSeconds(30))
                        .dryRun(true).build().run();
                assertTrue(killed.isDone(), "the victim was killed during the sync");
                assertEquals(Action.STEP, r.action(), r.decision().reason());
                assertEquals(250 * MS, r.decision().correctionNanos(), 5 * MS);
                assertEquals(5, r.servers().get(0).samples().size());
                assertEquals(5, r.servers().get(1).samples().size());
                ServerReport dead = r.servers().get(2);
                assertEquals(2, dead.samples().size(), "answered twice before it died");
                assertFalse(dead.failures().isEmpty(), "the queries after its death are reported as failures");
                System.out.printf("killed server: %d samples, failures %s, sync %.0f ms%n", dead.samples().size(),
                        dead.failures().stream().map(Throwable::getMessage).toList(), r.durationNanos() / 1e6);
            }
        } finally {
            a.close();
            b.close();
            victim.close();
        }
    }
}
