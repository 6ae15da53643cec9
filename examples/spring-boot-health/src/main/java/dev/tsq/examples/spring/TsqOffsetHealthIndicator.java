package dev.tsq.examples.spring;

import dev.tsq.TsqException;
import dev.tsq.client.TsqClient;
import dev.tsq.client.TsqSample;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health from this machine's clock offset: UP while the offset a TSQ server measures is within a threshold, DOWN
 * beyond it or when the server cannot be queried. Each health check is one query on the client's reused connection.
 */
public final class TsqOffsetHealthIndicator implements HealthIndicator {
    private final TsqClient client;
    private final Duration maxOffset;

    /**
     * @param client    a client with one server, owned by the caller (the application closes it)
     * @param maxOffset the largest |offset| that is still healthy
     */
    public TsqOffsetHealthIndicator(TsqClient client, Duration maxOffset) {
        this.client = Objects.requireNonNull(client, "client");
        this.maxOffset = Objects.requireNonNull(maxOffset, "maxOffset");
    }

    // region readme-spring-health
    @Override
    public Health health() {
        try {
            TsqSample s = client.query();
            boolean inBounds = Math.abs(s.offsetNanos()) <= maxOffset.toNanos();
            return (inBounds ? Health.up() : Health.down())
                    .withDetail("server", s.server())
                    .withDetail("offsetMillis", s.offsetMillis())
                    .withDetail("rttMillis", s.delayMillis())
                    .withDetail("maxOffsetMillis", maxOffset.toNanos() / 1e6)
                    .build();
        } catch (TsqException e) {                 // unreachable, handshake refused, timeout, bad response
            return Health.down(e).build();
        }
    }
    // endregion readme-spring-health
}
