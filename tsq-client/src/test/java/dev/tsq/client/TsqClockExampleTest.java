package dev.tsq.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.server.TsqServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The README's "In-process clock" snippet, compiled and run against two loopback servers. */
class TsqClockExampleTest {

    // tag::example[]
    static Instant boundedNow(String... servers) throws InterruptedException {
        try (TsqClock clock = TsqClock.builder()
                .servers(servers)
                .insecure()                       // loopback test servers; use trustPem(...) or pinSha256(...) for real
                .pollLimits(-1, 4)                // 0.5 s to 16 s between polls
                .listener(new TsqClock.Listener() {
                    @Override
                    public void stateChanged(dev.tsq.engine.SyncState from, dev.tsq.engine.SyncState to) {
                        System.out.println("TsqClock: " + from + " -> " + to);
                    }
                })
                .build()
                .start()) {
            TsqClock.Reading r = clock.now();
            for (int i = 0; i < 300 && !r.synced(); i++) {
                Thread.sleep(100);
                r = clock.now();
            }
            System.out.printf("now %s, true time within [%s, %s] (± %d µs), %s%n",
                    r.time(), r.earliest(), r.latest(), r.errorBoundNanos() / 1000, r.state());
            Clock javaClock = clock.asClock();    // for code that takes a java.time.Clock
            return javaClock.instant();
        }
    }
    // end::example[]

    @Test
    void theSnippetRuns() throws Exception {
        TsqServer a = TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned().noRateLimit().build().start();
        TsqServer b = TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned().noRateLimit().build().start();
        try {
            Instant t = boundedNow("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port());
            assertTrue(Duration.between(t, Instant.now()).abs().toMillis() < 100, "close to the system clock: " + t);
        } finally {
            a.close();
            b.close();
        }
    }
}
