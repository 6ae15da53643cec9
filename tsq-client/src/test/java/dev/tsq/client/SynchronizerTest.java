package dev.tsq.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.TsqException;
import dev.tsq.exchange.TransportMode;
import dev.tsq.spi.ClockAdjuster;
import dev.tsq.spi.ClockPermissionException;
import dev.tsq.spi.ClockStatus;
import dev.tsq.sync.Action;
import dev.tsq.sync.Estimate;
import dev.tsq.sync.ServerRejection;
import dev.tsq.sync.SyncPolicy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The synchronizer's orchestration over an in-memory sample source and a recording adjuster: no network, no clock. */
class SynchronizerTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_764_000_000_000_000_000L;

    /** A server whose clock is {@code offset} ahead, answering over a symmetric 0.2 ms path (plus a little jitter). */
    private static TsqSeries series(String server, long offset, int count) {
        List<TsqSample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long t1 = T0 + i * MS;
            long delay = 200_000 + i * 10_000;
            long t2 = t1 + delay / 2 + offset;
            long t3 = t2 + 5_000;
            long t4 = t1 + delay + 5_000;
            samples.add(new TsqSample(server, InetSocketAddress.createUnresolved("127.0.0.1", 1), TransportMode.DATAGRAM, "tsq",
                    t1, t2, t3, t4, ((t2 - t1) + (t3 - t4)) / 2, (t4 - t1) - (t3 - t2), false, false, 18, 38, null, null, null));
        }
        return new TsqSeries(server, count, samples, List.of());
    }

    /** A source that answers from a table of server offsets; servers not in it are unreachable. */
    private static SampleSource table(Map<String, Long> offsets) {
        return (server, count) -> {
            Long off = offsets.get(server);
            if (off == null) {
                return CompletableFuture.completedFuture(new TsqSeries(server, 1, List.of(),
                        List.of(new UnreachableException(server + ": connection refused", null))));
            }
            return CompletableFuture.completedFuture(series(server, off, count));
        };
    }

    /** Every host is unknown: no DNS in these tests; servers are told apart by name. */
    static final Synchronizer.Resolver NO_DNS = host -> {
        throw new java.net.UnknownHostException(host + " (not resolved in this test)");
    };

    static Synchronizer.Builder sync() {
        return Synchronizer.builder().resolver(NO_DNS);
    }

    /** Records calls; counts as a real adjuster (not dry-run). */
    static final class RecordingAdjuster implements ClockAdjuster {
        final List<String> calls = new ArrayList<>();
        RuntimeException failWith;

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void slew(Duration correction) {
            if (failWith != null) {
                throw failWith;
            }
            calls.add("slew " + correction.toNanos());
        }

        @Override
        public void step(Duration correction) {
            if (failWith != null) {
                throw failWith;
            }
            calls.add("step " + correction.toNanos());
        }

        @Override
        public ClockStatus status() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void liarAmongThreeIsOutvotedAndTheDecisionIsAStep() {
        SampleSource source = table(Map.of("a:1", 250 * MS, "b:1", 250 * MS, "liar:1", 5_000 * MS));
        SyncReport r = sync().servers("a:1", "b:1", "liar:1").source(source).dryRun(true).build().run();
        assertEquals(Estimate.Status.AGREED, r.estimate().status());
        assertEquals(Action.STEP, r.action());
        assertEquals(250 * MS, r.decision().correctionNanos(), 0.01 * MS);
        assertEquals(List.of("a:1", "b:1"), r.estimate().agreeingServers());
        ServerReport liar = r.servers().get(2);
        assertFalse(liar.agreed());
        assertEquals(ServerRejection.Reason.FALSETICKER, liar.rejection().reason());
        assertFalse(r.applied());
        assertTrue(r.succeeded());
        assertEquals(15, r.samples().size());
    }

    @Test
    void dryRunNeverCallsTheAdjuster() {
        RecordingAdjuster adjuster = new RecordingAdjuster();
        SyncReport r = sync().servers("a:1").source(table(Map.of("a:1", 300 * MS)))
                .adjuster(adjuster).dryRun(true).build().run();
        assertEquals(Action.STEP, r.action());
        assertTrue(adjuster.calls.isEmpty(), adjuster.calls.toString());
        assertFalse(r.applied());
        assertEquals("dry-run", r.adjuster());
        assertTrue(r.residualOffsetNanos().isEmpty());
    }

    @Test
    void oneUnreachableServerAmongThreeIsToleratedTwoOfThreeAgree() {
        SampleSource source = table(Map.of("a:1", 20 * MS, "b:1", 20 * MS));
        SyncReport r = sync().servers("a:1", "b:1", "down:1").source(source).dryRun(true).build().run();
        assertEquals(Action.SLEW, r.action());
        ServerReport down = r.servers().get(2);
        assertTrue(down.samples().isEmpty());
        assertTrue(down.failures().get(0) instanceof UnreachableException);
        assertEquals(List.of("a:1", "b:1"), r.estimate().agreeingServers());
    }

    @Test
    void allUnreachableGivesNoUsableSamplesWithReasons() {
        SyncReport r = sync().servers("x:1", "y:1").source(table(Map.of())).dryRun(true).build().run();
        assertTrue(r.noUsableSamples());
        assertEquals(Action.REFUSED, r.action());
        assertFalse(r.succeeded());
        assertTrue(r.servers().stream().allMatch(s -> !s.failures().isEmpty()));
    }

    @Test
    void aSourceThatThrowsIsTreatedAsAnUnreachableServer() {
        SampleSource broken = (server, count) -> {
            throw new TsqException("boom: " + server);
        };
        SyncReport r = sync().servers("x:1").source(broken).dryRun(true).build().run();
        assertTrue(r.noUsableSamples());
        assertEquals("boom: x:1", r.servers().get(0).failures().get(0).getMessage());
    }

    @Test
    void policyRefusesBeyondTheMaximumAndTheAdjusterIsNotCalled() {
        RecordingAdjuster adjuster = new RecordingAdjuster();
        SyncReport r = sync().servers("a:1").source(table(Map.of("a:1", 1_500 * MS)))
                .adjuster(adjuster).build().run();
        assertEquals(Action.REFUSED, r.action());
        assertFalse(r.noUsableSamples());
        assertTrue(adjuster.calls.isEmpty());
    }

    @Test
    void twoServersThatDisagreeAreRefused() {
        SyncReport r = sync().servers("a:1", "b:1").source(table(Map.of("a:1", 0L, "b:1", 400 * MS)))
                .dryRun(true).build().run();
        assertEquals(Estimate.Status.NO_MAJORITY, r.estimate().status());
        assertEquals(Action.REFUSED, r.action());
    }

    @Test
    void permissionDeniedIsReportedNotThrown() {
        RecordingAdjuster adjuster = new RecordingAdjuster();
        adjuster.failWith = new ClockPermissionException("adjusting the clock needs the CAP_SYS_TIME capability", 1, "EPERM");
        SyncReport r = sync().servers("a:1").source(table(Map.of("a:1", 300 * MS)))
                .adjuster(adjuster).build().run();
        assertEquals(Action.STEP, r.action());
        assertFalse(r.applied());
        assertNotNull(r.applyError());
        assertSame(ClockPermissionException.class, r.applyError().getClass());
        assertFalse(r.succeeded());
    }

    @Test
    void thresholdsComeFromThePolicy() {
        SyncPolicy policy = SyncPolicy.builder().slewThresholdNanos(500 * MS).build();
        SyncReport r = sync().servers("a:1").source(table(Map.of("a:1", 300 * MS)))
                .policy(policy).dryRun(true).build().run();
        assertEquals(Action.SLEW, r.action());
    }

    @Test
    void advertisedClockQualityErrorWidensTheServersInterval() {
        TsqSample plain = series("a:1", 0, 1).samples().get(0);
        TsqSample withQuality = new TsqSample("a:1", plain.remoteAddress(), plain.mode(), plain.alpn(), plain.t1(), plain.t2(),
                plain.t3(), plain.t4(), plain.offsetNanos(), plain.delayNanos(), false, false, 18, 46, null,
                new dev.tsq.wire.ClockQuality(dev.tsq.wire.ClockQuality.NTP_SYNCHRONIZED, 500, 0, ""), null);
        assertEquals(0, Synchronizer.advertisedErrorNanos(List.of(plain)));
        assertEquals(500_000, Synchronizer.advertisedErrorNanos(List.of(plain, withQuality)));
    }

    @Test
    void builderChecksItsArguments() {
        assertThrows(IllegalStateException.class, () -> sync().source(table(Map.of())).dryRun(true).build());
        assertThrows(IllegalStateException.class, () -> sync().servers("a:1").dryRun(true).build());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> sync().servers("a:1").source(table(Map.of())).build());
        assertTrue(e.getMessage().contains("adjuster"), e.getMessage());
        IllegalArgumentException q = assertThrows(IllegalArgumentException.class, () -> sync().queriesPerServer(0));
        assertEquals("queriesPerServer: 0 (expected: 1-64)", q.getMessage());
    }

    /** A source whose first {@code cold} answers per server are 3 ms off with a wide delay; later ones are right. */
    private static SampleSource coldFirst(int cold, Map<String, java.util.concurrent.atomic.AtomicInteger> calls) {
        return (server, count) -> {
            int n = calls.computeIfAbsent(server, k -> new java.util.concurrent.atomic.AtomicInteger()).getAndIncrement();
            TsqSeries good = series(server, 0, 1);
            if (n >= cold) {
                return CompletableFuture.completedFuture(good);
            }
            TsqSample g = good.samples().get(0);
            // T2 3.1 ms after T1, T4 0.2 ms after T1: an exchange 3 ms off
            long t1 = g.t1();
            long t2 = t1 + 3 * MS + 100_000;
            long t3 = t2 + 5_000;
            long t4 = t1 + 200_000 + 5_000;
            TsqSample bad = new TsqSample(server, InetSocketAddress.createUnresolved("127.0.0.1", 1),
                    TransportMode.DATAGRAM, "tsq", t1, t2, t3, t4, ((t2 - t1) + (t3 - t4)) / 2, (t4 - t1) - (t3 - t2),
                    false, false, 18, 38, null, null, null);
            return CompletableFuture.completedFuture(new TsqSeries(server, 1, List.of(bad), List.of()));
        };
    }

    @Test
    void warmupExchangesAreSentFirstAndDiscarded() {
        Map<String, java.util.concurrent.atomic.AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();
        SyncReport r = sync().servers("a:1", "b:1").queriesPerServer(3).warmupQueries(2).dryRun(true)
                .source(coldFirst(2, calls)).build().run();
        assertEquals(5, calls.get("a:1").get()); // 2 warm-up + 3 measured
        assertEquals(5, calls.get("b:1").get());
        for (ServerReport s : r.servers()) {
            assertEquals(3, s.samples().size(), s.toString());
            assertTrue(s.failures().isEmpty(), s.toString());
            for (TsqSample x : s.samples()) {
                assertTrue(Math.abs(x.offsetNanos()) < MS, "a cold sample was kept: " + x);
            }
        }
        assertTrue(Math.abs(r.estimate().offsetNanos()) < MS, r.estimate().toString());
        // without the warm-up the cold samples are measured
        calls.clear();
        SyncReport cold = sync().servers("a:1").queriesPerServer(3).dryRun(true).source(coldFirst(2, calls)).build().run();
        assertEquals(3, calls.get("a:1").get());
        assertEquals(3, cold.servers().get(0).samples().size());
    }

    @Test
    void aWarmupThatCannotConnectIsReportedAndEndsThatServer() {
        SyncReport r = sync().servers("a:1", "gone:1", "b:1").queriesPerServer(2).warmupQueries(2).dryRun(true)
                .source(table(Map.of("a:1", 0L, "b:1", 0L))).build().run();
        ServerReport gone = r.servers().stream().filter(s -> s.server().equals("gone:1")).findFirst().orElseThrow();
        assertTrue(gone.samples().isEmpty());
        assertEquals(1, gone.failures().size());
        assertTrue(gone.failures().get(0) instanceof UnreachableException, gone.failures().toString());
        assertEquals(Estimate.Status.AGREED, r.estimate().status()); // 2 of 3 configured still agree
        assertEquals(3, r.estimate().configuredServers());
        assertThrows(IllegalArgumentException.class, () -> Synchronizer.builder().warmupQueries(17));
        assertThrows(IllegalArgumentException.class, () -> Synchronizer.builder().warmupQueries(-1));
    }
}
