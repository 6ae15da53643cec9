package dev.tsq.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.exchange.TransportMode;
import dev.tsq.server.TsqServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Many clients at once, and the loopback latency numbers (printed for the record). */
class LoopbackLoadTest {
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

    private static TsqClient.Builder client() {
        return TsqClient.builder().server(at).trustCertificates(server.certificateChain());
    }

    @Test
    void fiftyConcurrentClientsAllGetAnswers() {
        long connectionsBefore = server.counters().totalConnections();
        List<TsqClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                clients.add(client().mode(i % 2 == 0 ? QueryMode.AUTO : QueryMode.STREAM).build());
            }
            List<CompletableFuture<TsqSeries>> all = new ArrayList<>();
            for (TsqClient c : clients) {
                all.add(c.queryAsync(at, 5));
            }
            int samples = 0;
            for (CompletableFuture<TsqSeries> f : all) {
                TsqSeries s = f.join();
                assertTrue(s.failures().isEmpty(), () -> s.failures().toString());
                samples += s.samples().size();
            }
            assertEquals(250, samples);
            assertEquals(connectionsBefore + 50, server.counters().totalConnections());
            assertTrue(server.counters().activeConnections() >= 50);
        } finally {
            clients.forEach(TsqClient::close);
        }
        long left = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("tsq-client")).count();
        assertEquals(0, left, "client threads alive after close");
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
    }

    @Test
    void loopbackLatencyPerModeAndHandshakeTime() {
        int n = 2000;
        StringBuilder report = new StringBuilder("loopback latency (" + n + " back-to-back queries per mode):\n");
        for (QueryMode mode : List.of(QueryMode.DATAGRAM, QueryMode.STREAM)) {
            try (TsqClient c = client().mode(mode).build()) {
                assertEquals(500, c.query(at, 500).samples().size(), "warm-up");
                List<TsqSample> samples = c.query(at, n).samples();
                assertEquals(n, samples.size());
                long[] rtt = samples.stream().mapToLong(s -> s.t4() - s.t1()).sorted().toArray();
                long[] delay = samples.stream().mapToLong(TsqSample::delayNanos).sorted().toArray();
                assertTrue(samples.stream().allMatch(s -> s.mode() == TransportMode.valueOf(mode.name())));
                long p50 = percentile(rtt, 0.50);
                long p99 = percentile(rtt, 0.99);
                assertTrue(p50 <= p99 && p50 > 0);
                report.append(String.format(Locale.ROOT, "  %-8s RTT (T4-T1) p50 %s p99 %s max %s | delay p50 %s p99 %s%n",
                        mode.name().toLowerCase(Locale.ROOT), micros(p50), micros(p99), micros(rtt[rtt.length - 1]),
                        micros(percentile(delay, 0.50)), micros(percentile(delay, 0.99))));
            }
        }
        int handshakes = 30;
        long[] hs = new long[handshakes];
        for (int i = 0; i < handshakes; i++) {
            try (TsqClient c = client().build()) {
                hs[i] = c.connect(at).handshakeNanos();
            }
        }
        Arrays.sort(hs);
        assertTrue(hs[0] > 0, "every handshake measured");
        report.append(String.format(Locale.ROOT, "  handshake (%d new connections) p50 %s p99 %s min %s%n", handshakes,
                micros(percentile(hs, 0.50)), micros(percentile(hs, 0.99)), micros(hs[0])));
        System.out.print(report);
    }
}
