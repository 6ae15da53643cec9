package dev.tsq.micrometer;

import dev.tsq.client.TsqClock;
import dev.tsq.engine.EngineStatus;
import dev.tsq.engine.SyncState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link TsqClock}'s figures to a Micrometer {@link MeterRegistry}, the same the daemon exports on
 * {@code /metrics}, so that a Spring Boot or Micronaut service publishes its authenticated time through its own
 * registry:
 * <ul>
 *   <li>{@code tsq.clock.synchronized} (gauge, 1 or 0), {@code tsq.clock.state} (gauge, tag {@code state}: 1 for
 *       the current one of {@code unsynchronized}, {@code synchronized}, {@code holdover});</li>
 *   <li>{@code tsq.clock.offset} and {@code tsq.clock.error.bound} (gauges, seconds): the engine's estimate of
 *       true time minus this clock, and the bound it vouches for now (it grows between updates and in holdover);</li>
 *   <li>{@code tsq.clock.correction} (gauge, seconds): this clock minus the system clock;</li>
 *   <li>{@code tsq.clock.frequency} (gauge, ppm): the frequency correction the engine runs the clock at;</li>
 *   <li>{@code tsq.clock.steps} (function counter): steps since start.</li>
 * </ul>
 * Before the engine's first update the value gauges read NaN. Every meter reads the clock when the registry
 * publishes; nothing is added to the clock's path.
 */
public final class TsqClockMetrics implements MeterBinder {
    private final TsqClock clock;
    private final Tags tags;

    /**
     * Metrics of one clock.
     *
     * @param clock the clock (started or not)
     */
    public TsqClockMetrics(TsqClock clock) {
        this(clock, Tags.empty());
    }

    /**
     * Metrics of one clock, with tags added to every meter.
     *
     * @param clock the clock
     * @param tags  added to every meter
     */
    public TsqClockMetrics(TsqClock clock, Iterable<Tag> tags) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Gauge.builder("tsq.clock.synchronized", clock, c -> c.now().synced() ? 1 : 0).tags(tags)
                .description("1 while a majority of sources steers the clock").register(registry);
        for (SyncState s : SyncState.values()) {
            Gauge.builder("tsq.clock.state", clock, c -> c.now().state() == s ? 1 : 0).tags(tags)
                    .tag("state", s.name().toLowerCase(java.util.Locale.ROOT))
                    .description("1 for the clock's current state").register(registry);
        }
        Gauge.builder("tsq.clock.offset", clock, status(st -> st.offsetNanos() / 1e9)).tags(tags).baseUnit("seconds")
                .description("estimated true time minus this clock").register(registry);
        Gauge.builder("tsq.clock.error.bound", clock, c -> c.now().errorBoundNanos() / 1e9).tags(tags)
                .baseUnit("seconds").description("bound on |true time - this clock| the engine vouches for now")
                .register(registry);
        Gauge.builder("tsq.clock.correction", clock, c -> c.correctionNanos() / 1e9).tags(tags).baseUnit("seconds")
                .description("this clock minus the system clock").register(registry);
        Gauge.builder("tsq.clock.frequency", clock, status(EngineStatus::frequencyPpm)).tags(tags).baseUnit("ppm")
                .description("frequency correction of the clock").register(registry);
        FunctionCounter.builder("tsq.clock.steps", clock, c -> {
            EngineStatus st = c.status();
            return st == null ? 0 : st.steps();
        }).tags(tags).baseUnit("steps").description("steps of the clock since start").register(registry);
    }

    private static ToDoubleFunction<TsqClock> status(ToDoubleFunction<EngineStatus> f) {
        return c -> {
            EngineStatus st = c.status();
            return st == null ? Double.NaN : f.applyAsDouble(st);
        };
    }
}
