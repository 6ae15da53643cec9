package dev.tsq.micrometer;

import dev.tsq.client.ClientCounters;
import dev.tsq.client.TsqClient;
import dev.tsq.client.TsqClientListener;
import dev.tsq.client.TsqFailure;
import dev.tsq.client.TsqSample;
import dev.tsq.engine.FailureKind;
import dev.tsq.exchange.TransportMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link TsqClient}'s figures to a Micrometer {@link MeterRegistry}, in two parts.
 *
 * <p>{@link #bindTo} reads {@link TsqClient#counters()} when the registry publishes:
 * <ul>
 *   <li>{@code tsq.client.queries} (function counter), tag {@code outcome}: {@code success} or {@code failure};
 *       {@code tsq.client.queries.in.flight} (gauge);</li>
 *   <li>{@code tsq.client.connects} (function counter), tag {@code outcome}: {@code success} or {@code failure};</li>
 *   <li>{@code tsq.client.demotions} and {@code tsq.client.datagrams.unmatched} (function counters);</li>
 *   <li>{@code tsq.client.offset.last} and {@code tsq.client.rtt.last} (time gauges): the latest sample's offset
 *       (server minus client; may be negative) and round-trip delay, 0 before the first.</li>
 * </ul>
 * The meters hold the client weakly (Micrometer's default): keep a reference to it while it is used.
 *
 * <p>{@link #listener} records what needs each event, installed with {@link TsqClient.Builder#listener}:
 * <ul>
 *   <li>{@code tsq.client.rtt} (timer), tag {@code mode}: {@code datagram} or {@code stream}: the round-trip delay
 *       of every sample;</li>
 *   <li>{@code tsq.client.query.failures} (counter), tag {@code kind}: one per {@link FailureKind}.</li>
 * </ul>
 *
 * <pre>{@code
 * TsqClient client = TsqClient.builder().server("time.example.net")
 *         .listener(TsqClientMetrics.listener(registry, Tags.empty())).build();
 * new TsqClientMetrics(client).bindTo(registry);
 * }</pre>
 */
public final class TsqClientMetrics implements MeterBinder {
    private final TsqClient client;
    private final Tags tags;

    /**
     * Metrics of one client, without extra tags.
     *
     * @param client the client
     */
    public TsqClientMetrics(TsqClient client) {
        this(client, Tags.empty());
    }

    /**
     * Metrics of one client, with tags added to every meter.
     *
     * @param client the client
     * @param tags   added to every meter
     */
    public TsqClientMetrics(TsqClient client, Iterable<Tag> tags) {
        this.client = Objects.requireNonNull(client, "client");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        counter(registry, "tsq.client.queries", "outcome", "success", ClientCounters::queriesSucceeded,
                "TSQ queries that ended with a sample", "queries");
        counter(registry, "tsq.client.queries", "outcome", "failure", ClientCounters::queriesFailed,
                "TSQ queries that ended without a sample", "queries");
        Gauge.builder("tsq.client.queries.in.flight", client, c -> c.counters().queriesInFlight()).tags(tags)
                .description("TSQ queries started and not yet ended").baseUnit("queries").register(registry);
        counter(registry, "tsq.client.connects", "outcome", "success", ClientCounters::connects,
                "QUIC connections established", "connections");
        counter(registry, "tsq.client.connects", "outcome", "failure", ClientCounters::connectFailures,
                "QUIC handshakes that failed or got no answer", "connections");
        counter(registry, "tsq.client.demotions", null, null, ClientCounters::demotions,
                "servers AUTO mode stopped sending datagrams to", "servers");
        counter(registry, "tsq.client.datagrams.unmatched", null, null, ClientCounters::unmatchedDatagrams,
                "datagram responses that answered no pending request", "datagrams");
        TimeGauge.builder("tsq.client.offset.last", client, TimeUnit.NANOSECONDS,
                        c -> c.counters().lastOffsetNanos()).tags(tags)
                .description("offset of the latest sample (server minus client)").register(registry);
        TimeGauge.builder("tsq.client.rtt.last", client, TimeUnit.NANOSECONDS, c -> c.counters().lastRttNanos())
                .tags(tags).description("round-trip delay of the latest sample").register(registry);
    }

    private void counter(MeterRegistry registry, String name, String tagKey, String tagValue,
                         ToDoubleFunction<ClientCounters> f, String description, String unit) {
        FunctionCounter.Builder<TsqClient> b = FunctionCounter.builder(name, client, c -> f.applyAsDouble(c.counters()))
                .tags(tags).description(description).baseUnit(unit);
        if (tagKey != null) {
            b.tag(tagKey, tagValue);
        }
        b.register(registry);
    }

    /**
     * A listener that records every sample's round-trip delay in the timer {@code tsq.client.rtt} (by mode) and
     * counts failed queries in {@code tsq.client.query.failures} (by kind). Its meters are registered now.
     *
     * @param registry where to record
     * @param tags     added to every meter
     * @return the listener, for {@link TsqClient.Builder#listener}
     */
    public static TsqClientListener listener(MeterRegistry registry, Iterable<Tag> tags) {
        Objects.requireNonNull(registry, "registry");
        Tags t = Tags.of(Objects.requireNonNull(tags, "tags"));
        Map<TransportMode, Timer> rtt = new EnumMap<>(TransportMode.class);
        for (TransportMode mode : TransportMode.values()) {
            rtt.put(mode, Timer.builder("tsq.client.rtt").tags(t).tag("mode", mode.name().toLowerCase(Locale.ROOT))
                    .description("round-trip delay of each TSQ sample").register(registry));
        }
        Map<FailureKind, Counter> failures = new EnumMap<>(FailureKind.class);
        for (FailureKind kind : FailureKind.values()) {
            failures.put(kind, Counter.builder("tsq.client.query.failures").tags(t)
                    .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                    .description("TSQ queries that ended without a sample, by kind").register(registry));
        }
        return new TsqClientListener() {
            @Override
            public void queryEnd(TsqSample sample) {
                Timer timer = rtt.get(sample.mode());
                if (timer != null) {
                    timer.record(Math.max(0, sample.delayNanos()), TimeUnit.NANOSECONDS);
                }
            }

            @Override
            public void queryFailed(TsqFailure failure) {
                failures.get(failure.kind()).increment();
            }
        };
    }
}
