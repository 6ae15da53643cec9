package dev.tsq.micrometer;

import dev.tsq.exchange.RejectReason;
import dev.tsq.server.ServerCounters;
import dev.tsq.server.TsqServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;

/**
 * Binds a {@link TsqServer}'s {@link ServerCounters} to a Micrometer {@link MeterRegistry}:
 * <ul>
 *   <li>{@code tsq.server.queries} (function counter), tag {@code mode}: {@code stream} or {@code datagram}:
 *       requests answered with the time;</li>
 *   <li>{@code tsq.server.rejections} (function counter), tag {@code reason}: one per {@link RejectReason}
 *       in lower case ({@code malformed}, {@code too_large}, ...);</li>
 *   <li>{@code tsq.server.connections.active} (gauge): QUIC connections open now;</li>
 *   <li>{@code tsq.server.connections.accepted} and {@code tsq.server.connections.refused} (function counters);</li>
 *   <li>{@code tsq.server.limit.refusals} (function counter), tag {@code limit}: how often each
 *       {@link dev.tsq.server.ServerLimit} fired; {@code tsq.server.connections.half.open} (gauge).</li>
 * </ul>
 * Every meter reads {@link TsqServer#counters()} when the registry publishes; nothing is added to the server's hot
 * path. The meters hold the server weakly (Micrometer's default): keep a reference to it while it runs.
 *
 * <pre>{@code
 * new TsqServerMetrics(server, Tags.of("instance", "a")).bindTo(registry);
 * }</pre>
 */
public final class TsqServerMetrics implements MeterBinder {
    private final TsqServer server;
    private final Tags tags;

    /**
     * Metrics of one server, without extra tags.
     *
     * @param server the server (started or not; counters are zero until it starts)
     */
    public TsqServerMetrics(TsqServer server) {
        this(server, Tags.empty());
    }

    /**
     * Metrics of one server, with tags added to every meter (e.g. to tell several servers apart).
     *
     * @param server the server
     * @param tags   added to every meter
     */
    public TsqServerMetrics(TsqServer server, Iterable<Tag> tags) {
        this.server = Objects.requireNonNull(server, "server");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        FunctionCounter.builder("tsq.server.queries", server, s -> s.counters().streamQueries())
                .tags(tags).tag("mode", "stream")
                .description("TSQ requests answered with the time").baseUnit("queries").register(registry);
        FunctionCounter.builder("tsq.server.queries", server, s -> s.counters().datagramQueries())
                .tags(tags).tag("mode", "datagram")
                .description("TSQ requests answered with the time").baseUnit("queries").register(registry);
        for (RejectReason reason : RejectReason.values()) {
            FunctionCounter.builder("tsq.server.rejections", server, s -> s.counters().rejected(reason))
                    .tags(tags).tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .description("TSQ requests not answered with the time, by reason")
                    .baseUnit("requests").register(registry);
        }
        Gauge.builder("tsq.server.connections.active", server, s -> s.counters().activeConnections())
                .tags(tags).description("QUIC connections open now").baseUnit("connections").register(registry);
        FunctionCounter.builder("tsq.server.connections.accepted", server, s -> s.counters().totalConnections())
                .tags(tags).description("QUIC connections accepted since start").baseUnit("connections")
                .register(registry);
        FunctionCounter.builder("tsq.server.connections.refused", server, s -> s.counters().refusedConnections())
                .tags(tags).description("QUIC connections refused at once because the connection limit was reached")
                .baseUnit("connections").register(registry);
        for (dev.tsq.server.ServerLimit limit : dev.tsq.server.ServerLimit.values()) {
            FunctionCounter.builder("tsq.server.limit.refusals", server, s -> s.counters().refused(limit))
                    .tags(tags).tag("limit", limit.name().toLowerCase(Locale.ROOT))
                    .description("how often each server limit fired").baseUnit("refusals").register(registry);
        }
        Gauge.builder("tsq.server.connections.half.open", server, s -> s.counters().halfOpenConnections())
                .tags(tags).description("QUIC connections whose handshake has not completed").baseUnit("connections")
                .register(registry);
    }
}
