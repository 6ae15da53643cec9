package dev.tsq.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.client.ClientCounters;
import dev.tsq.client.QueryMode;
import dev.tsq.client.TsqClient;
import dev.tsq.client.TsqSample;
import dev.tsq.server.TsqServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The client binder and listener over a real loopback QUIC server, read through a SimpleMeterRegistry. */
class TsqClientMetricsTest {
    private static double counter(SimpleMeterRegistry r, String name, String key, String value) {
        FunctionCounter c = key == null ? r.find(name).functionCounter() : r.find(name).tags(key, value).functionCounter();
        assertNotNull(c, name + "{" + key + "=" + value + "}");
        return c.count();
    }

    /** Listener calls run on the client's event loop: wait for them (generously) rather than assume an order. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void samplesFeedTheTimerCountersAndLastValueGauges() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TsqServer server = TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned().noRateLimit()
                .build().start();
             TsqClient client = TsqClient.builder().server("127.0.0.1:" + server.port())
                     .trustCertificates(server.certificateChain()).mode(QueryMode.DATAGRAM)
                     .timeout(Duration.ofSeconds(10)).listener(TsqClientMetrics.listener(registry, Tags.of("c", "1")))
                     .build()) {
            new TsqClientMetrics(client, Tags.of("c", "1")).bindTo(registry);
            assertEquals(0, counter(registry, "tsq.client.queries", "outcome", "success"));
            TsqSample last = null;
            for (int i = 0; i < 4; i++) {
                last = client.query();
            }
            Timer datagram = registry.find("tsq.client.rtt").tags("mode", "datagram").timer();
            assertNotNull(datagram);
            await(() -> datagram.count() == 4, "4 datagram samples in tsq.client.rtt");
            assertTrue(datagram.totalTime(TimeUnit.NANOSECONDS) > 0);
            assertEquals(0, registry.find("tsq.client.rtt").tags("mode", "stream").timer().count());

            ClientCounters c = client.counters();
            assertEquals(4, c.queriesSucceeded());
            assertEquals(4, (long) counter(registry, "tsq.client.queries", "outcome", "success"));
            assertEquals(0, counter(registry, "tsq.client.queries", "outcome", "failure"));
            assertEquals(1, (long) counter(registry, "tsq.client.connects", "outcome", "success"));
            assertEquals(0, counter(registry, "tsq.client.connects", "outcome", "failure"));
            assertEquals(0, counter(registry, "tsq.client.demotions", null, null));
            assertEquals(0, registry.find("tsq.client.queries.in.flight").gauge().value());

            TimeGauge rtt = registry.find("tsq.client.rtt.last").timeGauge();
            TimeGauge offset = registry.find("tsq.client.offset.last").timeGauge();
            assertEquals(last.delayNanos(), c.lastRttNanos());
            assertEquals((double) c.lastRttNanos(), rtt.value(TimeUnit.NANOSECONDS), 1.0);
            assertEquals((double) c.lastOffsetNanos(), offset.value(TimeUnit.NANOSECONDS), 1.0);
            assertTrue(rtt.value(TimeUnit.NANOSECONDS) > 0);
        }
    }

    @Test
    void failedQueriesAreCountedByKind() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TsqServer server = TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned().rateLimit(0.01, 2)
                .build().start();
             TsqClient client = TsqClient.builder().server("127.0.0.1:" + server.port())
                     .trustCertificates(server.certificateChain()).mode(QueryMode.STREAM)
                     .timeout(Duration.ofSeconds(10)).listener(TsqClientMetrics.listener(registry, Tags.empty()))
                     .build()) {
            new TsqClientMetrics(client).bindTo(registry);
            int failed = 0;
            for (int i = 0; i < 4; i++) {
                try {
                    client.query();
                } catch (RuntimeException e) {
                    failed++; // over the burst of 2: an Error TLV (rate limited)
                }
            }
            assertEquals(2, failed);
            await(() -> registry.find("tsq.client.query.failures").tags("kind", "rate_limited").counter().count() == 2,
                    "2 rate_limited failures");
            assertEquals(0, registry.find("tsq.client.query.failures").tags("kind", "timeout").counter().count());
            assertEquals(2, (long) counter(registry, "tsq.client.queries", "outcome", "failure"));
            assertEquals(2, (long) counter(registry, "tsq.client.queries", "outcome", "success"));
            await(() -> registry.find("tsq.client.rtt").tags("mode", "stream").timer().count() == 2, "2 stream samples");
        }
    }
}
