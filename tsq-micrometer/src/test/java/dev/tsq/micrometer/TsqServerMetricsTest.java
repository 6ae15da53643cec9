package dev.tsq.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.client.QueryMode;
import dev.tsq.client.TsqClient;
import dev.tsq.exchange.RejectReason;
import dev.tsq.server.ServerCounters;
import dev.tsq.server.TsqServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The server binder over a real loopback QUIC server and client, read through a SimpleMeterRegistry. */
class TsqServerMetricsTest {
    private static double counter(SimpleMeterRegistry r, String name, String key, String value) {
        FunctionCounter c = r.find(name).tags(key, value).functionCounter();
        assertNotNull(c, name + "{" + key + "=" + value + "}");
        return c.count();
    }

    @Test
    void metersFollowTheServersCountersAcrossRealQueries() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TsqServer server = TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned()
                .rateLimit(0.01, 3).build().start()) {
            new TsqServerMetrics(server, Tags.of("instance", "loopback")).bindTo(registry);
            assertEquals(0, counter(registry, "tsq.server.queries", "mode", "stream"));
            assertEquals(RejectReason.values().length, registry.find("tsq.server.rejections").functionCounters().size());

            int answered = 0;
            int failed = 0;
            try (TsqClient client = TsqClient.builder().server("127.0.0.1:" + server.port())
                    .trustCertificates(server.certificateChain()).mode(QueryMode.STREAM)
                    .timeout(Duration.ofSeconds(10)).build()) {
                for (int i = 0; i < 5; i++) {
                    try {
                        client.query();
                        answered++;
                    } catch (RuntimeException e) {
                        failed++; // over the burst of 3: the server answers with an Error TLV
                    }
                }
                Gauge active = registry.find("tsq.server.connections.active").tag("instance", "loopback").gauge();
                assertNotNull(active);
                assertEquals(1.0, active.value());
            }
            ServerCounters c = server.counters();
            assertEquals(3, answered, "burst 3, one refill per 100 s");
            assertEquals(2, failed);
            assertEquals(c.streamQueries(), (long) counter(registry, "tsq.server.queries", "mode", "stream"));
            assertEquals(answered, (long) counter(registry, "tsq.server.queries", "mode", "stream"));
            assertEquals(0, counter(registry, "tsq.server.queries", "mode", "datagram"));
            assertEquals(2, (long) counter(registry, "tsq.server.rejections", "reason", "rate_limited"));
            assertEquals(c.rejected(RejectReason.RATE_LIMITED),
                    (long) counter(registry, "tsq.server.rejections", "reason", "rate_limited"));
            assertEquals(0, counter(registry, "tsq.server.rejections", "reason", "malformed"));
            assertEquals(1, (long) counter(registry, "tsq.server.connections.accepted", "instance", "loopback"));
            assertEquals(0, counter(registry, "tsq.server.connections.refused", "instance", "loopback"));
            assertTrue(registry.getMeters().stream().allMatch(m -> "loopback".equals(m.getId().getTag("instance"))));
        }
    }
}
