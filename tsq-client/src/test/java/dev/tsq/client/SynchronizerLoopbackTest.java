package dev.tsq.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.server.TsqServer;
import dev.tsq.sync.Action;
import dev.tsq.sync.ServerRejection;
import dev.tsq.time.WallClock;
import java.net.DatagramSocket;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The synchronizer over real QUIC on loopback, dry-run only: it never touches the clock. */
class SynchronizerLoopbackTest {
    private static final long MS = 1_000_000L;
    private static final List<TsqServer> SERVERS = new ArrayList<>();
    private static final List<X509Certificate> CERTS = new ArrayList<>();
    private static final List<String> NAMES = new ArrayList<>();
    private static String dead;

    @BeforeAll
    static void start() throws Exception {
        for (long offset : new long[] {250 * MS, 250 * MS, 5_000 * MS}) {
            TsqServer s = TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned()
                    .clock(WallClock.SYSTEM.offsetBy(offset)).noRateLimit().build().start();
            SERVERS.add(s);
            CERTS.add(s.certificateChain().get(0));
            NAMES.add("127.0.0.1:" + s.port());
        }
        try (DatagramSocket free = new DatagramSocket(0)) {
            dead = "127.0.0.1:" + free.getLocalPort();
        }
    }

    @AfterAll
    static void stop() {
        SERVERS.forEach(TsqServer::close);
    }

    /**
     * Generous timeouts for the live servers (a cold connect on a loaded 2-core machine can take far more than
     * 500 ms); the dead server is asked through its own client with short ones, so its failure stays quick.
     */
    private static TsqClient client(List<String> servers) {
        return TsqClient.builder().servers(servers).trustCertificates(CERTS)
                .timeout(java.time.Duration.ofSeconds(10)).connectTimeout(java.time.Duration.ofSeconds(10)).build();
    }

    private static TsqClient deadClient() {
        return TsqClient.builder().server(dead).trustCertificates(CERTS)
                .timeout(java.time.Duration.ofMillis(500)).connectTimeout(java.time.Duration.ofMillis(500)).build();
    }

    /**
     * How far the decided correction may be from the servers' true +250 ms: every sample's true offset lies within
     * half its round-trip delay of the measured one, so an estimate built from them is within half the largest
     * delay among them, plus 1 ms for the clocks' resolution. Under load the delays grow and so does the bound;
     * a unit or sign error (250 ms off or more) does not fit in it.
     */
    private static long tolerance(SyncReport r) {
        return r.samples().stream().mapToLong(TsqSample::delayNanos).max().orElse(0) / 2 + MS;
    }

    @Test
    void liarIsOutvotedAndTheHonestOffsetIsMeasuredWithinHalfTheDelay() {
        List<String> servers = List.of(NAMES.get(0), NAMES.get(1), NAMES.get(2));
        try (TsqClient c = client(servers)) {
            c.queryAll(3); // warm up: connections and JIT, as a long-running application would be
            SyncReport r = Synchronizer.builder().servers(servers).source(c::queryAsync).dryRun(true).build().run();
            assertEquals(Action.STEP, r.action());
            assertEquals(250 * MS, r.decision().correctionNanos(), tolerance(r), r.decision().toString());
            assertEquals(List.of(NAMES.get(0), NAMES.get(1)), r.estimate().agreeingServers());
            assertEquals(ServerRejection.Reason.FALSETICKER, r.servers().get(2).rejection().reason());
            assertFalse(r.applied());
            assertEquals(15, r.estimate().validSamples());
        }
    }

    @Test
    void twoServersFiveQueriesFromColdConnectionsDecideAStep() {
        try (TsqClient c = client(NAMES.subList(0, 2))) {
            SyncReport r = Synchronizer.builder().servers(NAMES.subList(0, 2)).source(c::queryAsync).dryRun(true).build().run();
            assertEquals(Action.STEP, r.action());
            assertEquals(10, r.samples().size());
            assertEquals(250 * MS, r.decision().correctionNanos(), tolerance(r), r.decision().toString());
            assertTrue(r.durationNanos() > 0 && r.durationNanos() >= r.measureNanos());
        }
    }

    @Test
    void allUnreachableGivesNoUsableSamples() {
        try (TsqClient c = deadClient()) {
            SyncReport r = Synchronizer.builder().servers(dead).queriesPerServer(1).source(c::queryAsync).dryRun(true).build().run();
            assertTrue(r.noUsableSamples());
            assertEquals(Action.REFUSED, r.action());
        }
    }
}
