package dev.tsq.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.client.QueryMode;
import dev.tsq.client.TsqClock;
import dev.tsq.server.TsqServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The clock binder over a TsqClock disciplined by two real loopback servers, read through a SimpleMeterRegistry. */
class TsqClockMetricsTest {
    private static double gauge(SimpleMeterRegistry r, String name) {
        Gauge g = r.find(name).gauge();
        assertNotNull(g, name);
        return g.value();
    }

    @Test
    void theGaugesFollowTheClock() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TsqServer a = TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned().noRateLimit().build().start();
        TsqServer b = TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned().noRateLimit().build().start();
        try (TsqClock clock = TsqClock.builder().servers("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port())
                .insecure().mode(QueryMode.DATAGRAM).pollLimits(-2, 2).initialError(20_000_000L, 0).build()) {
            new TsqClockMetrics(clock, Tags.of("c", "1")).bindTo(registry);
            assertEquals(0, gauge(registry, "tsq.clock.synchronized"));
            assertTrue(Double.isNaN(gauge(registry, "tsq.clock.offset")), "no update yet");
            assertEquals(1, registry.find("tsq.clock.state").tags("state", "unsynchronized").gauge().value());
            clock.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (gauge(registry, "tsq.clock.synchronized") == 0) {
                assertTrue(System.nanoTime() < deadline, "not synchronised within 60 s");
                Thread.sleep(50);
            }
            assertEquals(1, registry.find("tsq.clock.state").tags("state", "synchronized").gauge().value());
            assertEquals(0, registry.find("tsq.clock.state").tags("state", "unsynchronized").gauge().value());
            double bound = gauge(registry, "tsq.clock.error.bound");
            assertTrue(bound > 0 && bound < 0.1, "error bound " + bound + " s");
            assertTrue(Double.isFinite(gauge(registry, "tsq.clock.frequency")));
            // the injected +20 ms is being learned away: the clock minus the system clock is what TsqClock reports
            assertEquals(clock.correctionNanos() / 1e9, gauge(registry, "tsq.clock.correction"), 0.005);
            assertEquals(clock.status().steps(), registry.find("tsq.clock.steps").functionCounter().count());
        } finally {
            a.close();
            b.close();
        }
    }
}
