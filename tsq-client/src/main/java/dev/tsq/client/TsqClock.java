package dev.tsq.client;

import dev.tsq.TsqException;
import dev.tsq.auth.Verifier;
import dev.tsq.client.internal.clock.EngineLoop;
import dev.tsq.clock.VirtualClock;
import dev.tsq.engine.EngineConfig;
import dev.tsq.engine.EngineStatus;
import dev.tsq.engine.SourceConfig;
import dev.tsq.engine.SyncEngine;
import dev.tsq.engine.SyncState;
import dev.tsq.engine.Tier;
import dev.tsq.time.WallClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An in-process clock disciplined by TSQ: authenticated, bounded time without touching the system clock and
 * without any privilege (a container without CAP_SYS_TIME can use it).
 *
 * <pre>{@code
 * try (TsqClock clock = TsqClock.builder().servers("time.example.net").build().start()) {
 *     TsqClock.Reading r = clock.now();  // r.time() within [r.earliest(), r.latest()], r.state()
 *     Instant t = clock.instant();       // an InstantSource; clock.asClock() is a java.time.Clock
 * }
 * }</pre>
 *
 * <p>It is the system clock plus a correction (offset and rate) that the continuous engine steers from samples
 * of the configured servers, taken over one {@link TsqClient}. {@link #now()} also gives the interval the
 * engine vouches for (TrueTime's {@code now() → [earliest, latest]}, AWS ClockBound's idea) and the state:
 * before the first synchronisation the interval is unbounded. Readings never go backwards unless
 * {@link Builder#allowBackwardSteps(boolean)} is set: after a backward step the clock stands still until it has
 * caught up. Thread-safe; readers never block.
 */
public final class TsqClock implements InstantSource, AutoCloseable {
    /** Extra rate (ppm) by which the published bound grows between two engine updates, beyond its own. */
    private static final double BOUND_GROWTH_PPM = 1;

    /**
     * One reading.
     *
     * @param time the clock's reading
     * @param earliest the earliest the true time can be (as the engine vouches; {@link Instant#MIN} when unsynchronised)
     * @param latest the latest the true time can be ({@link Instant#MAX} when unsynchronised)
     * @param state synchronised, holdover or unsynchronised
     */
    public record Reading(Instant time, Instant earliest, Instant latest, SyncState state) {
        /** Half the interval's width, in nanoseconds ({@code Long.MAX_VALUE} when unbounded). */
        public long errorBoundNanos() {
            if (earliest.equals(Instant.MIN) || latest.equals(Instant.MAX)) {
                return Long.MAX_VALUE;
            }
            Duration d = Duration.between(earliest, latest);
            return d.getSeconds() > 9_000_000_000L ? Long.MAX_VALUE : d.toNanos() / 2;
        }

        /** True when the state is {@link SyncState#SYNCHRONIZED}. */
        public boolean synced() {
            return state == SyncState.SYNCHRONIZED;
        }
    }

    /** Told of changes; every method has a no-op default. Called on the clock's own thread: do not block. */
    public interface Listener {
        /** The state changed. */
        default void stateChanged(SyncState from, SyncState to) {
        }

        /** The clock was stepped by {@code nanos}. */
        default void stepped(long nanos) {
        }
    }

    private final TsqClient client;
    private final VirtualClock clock;
    private final EngineLoop loop;
    private final boolean allowBackwardSteps;
    private final Listener listener;
    private volatile EngineLoop.Published published;
    private SyncState lastState = SyncState.UNSYNCHRONIZED;
    private volatile boolean started;
    private volatile boolean closed;

    private TsqClock(Builder b) {
        long mono = System.nanoTime();
        this.clock = new VirtualClock(b.initialOffsetNanos, b.initialFrequencyPpm, mono);
        this.allowBackwardSteps = b.allowBackwardSteps;
        this.listener = b.listener;
        TsqClient.Builder cb = TsqClient.builder().servers(b.servers).mode(b.mode).timeout(b.timeout)
                .clock(EngineLoop.wallClock(clock));
        switch (b.trust) {
            case "insecure" -> cb.insecure();
            case "pem" -> cb.trustPem(b.caBundle);
            case "pins" -> cb.pinSha256(b.pins);
            default -> cb.trustSystemCas();
        }
        if (b.signedBy != null) {
            cb.requestSignature(b.signedBy);
        }
        EngineConfig ec = b.engineConfig != null ? b.engineConfig : EngineConfig.builder()
                .pollLimits(b.minPoll, b.maxPoll).minimumAgreeingSources(b.minimumAgreeingSources).build();
        List<SourceConfig> sources = new ArrayList<>();
        for (String s : b.servers) {
            sources.add(new SourceConfig(ServerAddress.parse(s).toString(), Tier.PRIMARY));
        }
        SyncEngine engine = SyncEngine.create(ec, sources, mono);
        this.client = cb.build();
        this.loop = new EngineLoop(engine, client, b.servers, clock, this::published, listener::stepped);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts polling; returns this. Idempotent. */
    public synchronized TsqClock start() {
        if (closed) {
            throw new IllegalStateException("TsqClock is closed");
        }
        if (!started) {
            started = true;
            loop.start();
        }
        return this;
    }

    private void published(EngineLoop.Published p) {
        published = p;
        SyncState s = p.status().state();
        if (s != lastState) {
            SyncState from = lastState;
            lastState = s;
            try {
                listener.stateChanged(from, s);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(TsqClock.class).warn("TsqClock listener failed", e);
            }
        }
    }

    /** The reading with its bounds and state. */
    public Reading now() {
        long sys = WallClock.SYSTEM.epochNanos();
        long mono = System.nanoTime();
        long raw = clock.read(sys, mono);
        long time = allowBackwardSteps ? raw : clock.readMonotonic(sys, mono);
        EngineLoop.Published p = published;
        SyncState state = p == null ? SyncState.UNSYNCHRONIZED : p.status().state();
        if (p == null || state == SyncState.UNSYNCHRONIZED) {
            return new Reading(instant(time), Instant.MIN, Instant.MAX, state);
        }
        EngineStatus st = p.status();
        double growthPpm = Math.abs(st.frequencyUncertaintyPpm()) + BOUND_GROWTH_PPM;
        long bound = saturatedAdd(st.errorBoundNanos(), (long) Math.ceil(Math.max(0, mono - p.mono()) * growthPpm * 1e-6));
        long earliest = saturatedAdd(raw, -bound);
        long latest = Math.max(saturatedAdd(raw, bound), time);
        return new Reading(instant(time), instant(earliest), instant(latest), state);
    }

    /** The engine's status at the last update (for metrics and diagnostics). */
    public EngineStatus status() {
        EngineLoop.Published p = published;
        return p == null ? null : p.status();
    }

    /** This clock minus the system clock, now. */
    public long correctionNanos() {
        return clock.correctionNanos(System.nanoTime());
    }

    @Override
    public Instant instant() {
        return now().time();
    }

    @Override
    public long millis() {
        long sys = WallClock.SYSTEM.epochNanos();
        long mono = System.nanoTime();
        long t = allowBackwardSteps ? clock.read(sys, mono) : clock.readMonotonic(sys, mono);
        return Math.floorDiv(t, 1_000_000L);
    }

    /** A {@link Clock} in UTC over this clock. */
    public Clock asClock() {
        return withZone(ZoneOffset.UTC);
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return InstantSource.super.withZone(zone);
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /** Stops polling and closes the connections; readings go on in holdover (the last correction). Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (started) {
            loop.stop();
        }
        client.close();
    }

    @Override
    public String toString() {
        EngineLoop.Published p = published;
        return "TsqClock[" + (p == null ? "unsynchronized" : p.status().state()) + ", " + clock + "]";
    }

    /** Configures a {@link TsqClock}. Every setter checks its argument. */
    public static final class Builder {
        private final List<String> servers = new ArrayList<>();
        private QueryMode mode = QueryMode.AUTO;
        private String trust = "system";
        private Path caBundle;
        private String[] pins;
        private Verifier signedBy;
        private int minPoll = 6;
        private int maxPoll = 10;
        private int minimumAgreeingSources = 1;
        private EngineConfig engineConfig;
        private Duration timeout = Duration.ofSeconds(1);
        private boolean allowBackwardSteps;
        private long initialOffsetNanos;
        private double initialFrequencyPpm;
        private Listener listener = new Listener() { };

        private Builder() {
        }

        /** Adds servers ({@code host[:port]}). */
        public Builder servers(String... servers) {
            for (String s : servers) {
                this.servers.add(ServerAddress.parse(s).toString());
            }
            return this;
        }

        /** Adds servers. */
        public Builder servers(List<String> servers) {
            return servers(servers.toArray(new String[0]));
        }

        /** Transport (default {@link QueryMode#AUTO}). */
        public Builder mode(QueryMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Trust the system CAs (the default). */
        public Builder trustSystemCas() {
            this.trust = "system";
            return this;
        }

        /** Trust only the CAs of this PEM bundle. */
        public Builder trustPem(Path caBundle) {
            this.caBundle = Objects.requireNonNull(caBundle, "caBundle");
            this.trust = "pem";
            return this;
        }

        /** Accept only servers with these SHA-256 pins ({@code sha256:HEX}). */
        public Builder pinSha256(String... pins) {
            TsqClient.builder().pinSha256(pins); // checks them
            this.pins = pins.clone();
            this.trust = "pins";
            return this;
        }

        /** Accept any certificate (tests only: anyone on the path can then forge the time). */
        public Builder insecure() {
            this.trust = "insecure";
            return this;
        }

        /** Ask for signed responses and count unsigned or badly signed ones as failures. */
        public Builder requestSignature(Verifier trustedKeys) {
            Objects.requireNonNull(trustedKeys, "trustedKeys");
            if (trustedKeys.isEmpty()) {
                throw new IllegalArgumentException("requestSignature: no trusted keys (expected: at least one key)");
            }
            this.signedBy = trustedKeys;
            return this;
        }

        /** Poll interval limits, log2 seconds (default 6 and 10). */
        public Builder pollLimits(int min, int max) {
            EngineConfig.builder().pollLimits(min, max); // checks them
            this.minPoll = min;
            this.maxPoll = max;
            return this;
        }

        /** The engine refuses to steer with fewer agreeing sources (default 1). */
        public Builder minimumAgreeingSources(int n) {
            EngineConfig.builder().minimumAgreeingSources(n);
            this.minimumAgreeingSources = n;
            return this;
        }

        /** The whole engine configuration (replaces {@link #pollLimits} and {@link #minimumAgreeingSources}). */
        public Builder engineConfig(EngineConfig config) {
            this.engineConfig = Objects.requireNonNull(config, "engineConfig");
            return this;
        }

        /** Per-query deadline (default 1 s). */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
            }
            this.timeout = timeout;
            return this;
        }

        /** Let readings go backwards when the engine steps back (default false: the clock stands still instead). */
        public Builder allowBackwardSteps(boolean allow) {
            this.allowBackwardSteps = allow;
            return this;
        }

        /**
         * Start with this error against the system clock (tests and demos: the engine must learn it away).
         *
         * @param offsetNanos the initial offset
         * @param frequencyPpm the initial rate error, {@code |f| <= 100000}
         */
        public Builder initialError(long offsetNanos, double frequencyPpm) {
            if (!Double.isFinite(frequencyPpm) || Math.abs(frequencyPpm) > 100_000) {
                throw new IllegalArgumentException("frequencyPpm: " + frequencyPpm + " (expected: |f| <= 100000)");
            }
            this.initialOffsetNanos = offsetNanos;
            this.initialFrequencyPpm = frequencyPpm;
            return this;
        }

        /** Told of state changes and steps (default: nobody). */
        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Creates the clock (and its client); {@link TsqClock#start()} starts polling. */
        public TsqClock build() {
            if (servers.isEmpty()) {
                throw new IllegalStateException("no servers (expected: builder().servers(...))");
            }
            try {
                return new TsqClock(this);
            } catch (UnsupportedOperationException e) {
                throw new TsqException("the continuous engine is not available: " + e.getMessage(), e);
            }
        }
    }
}
