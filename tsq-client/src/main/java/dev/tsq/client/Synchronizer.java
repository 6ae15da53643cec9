package dev.tsq.client;

import dev.tsq.TsqException;
import dev.tsq.exchange.AnomalousSampleException;
import dev.tsq.spi.ClockAdjuster;
import dev.tsq.spi.ClockAdjusters;
import dev.tsq.spi.ClockAdjustmentException;
import dev.tsq.sync.Combiner;
import dev.tsq.sync.Decision;
import dev.tsq.sync.Estimate;
import dev.tsq.sync.Measurement;
import dev.tsq.sync.ServerEstimate;
import dev.tsq.sync.ServerRejection;
import dev.tsq.sync.ServerSamples;
import dev.tsq.sync.SyncPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-shot clock synchronization, like {@code ntpdate} done right.
 *
 * <p>It queries every server in parallel, {@code queriesPerServer} times back to back with no sleeps (one
 * QUIC connection per server, reused), hands the samples to core's {@link Combiner} (per server: drop
 * outliers, prefer the lowest-delay samples; across servers: interval intersection with a majority, so one
 * lying server cannot move the result) and core's {@link SyncPolicy} (none, slew, step or refused). Unless
 * it is a dry run, it applies the decision through the {@link ClockAdjuster}, then measures again against
 * the servers that agreed and reports the residual offset. Every stage hands the next a plain value.
 */
public final class Synchronizer {
    private static final Logger LOG = LoggerFactory.getLogger(Synchronizer.class);

    private final List<String> servers;
    private final int queriesPerServer;
    private final SyncPolicy policy;
    private final Combiner combiner;
    private final SampleSource source;
    private final ClockAdjuster adjuster;
    private final boolean dryRun;
    private final boolean remeasure;
    private final LongSupplier nanoTime;

    private Synchronizer(Builder b) {
        this.servers = List.copyOf(b.servers);
        this.queriesPerServer = b.queriesPerServer;
        this.policy = b.policy;
        this.combiner = b.combiner;
        this.source = b.source;
        this.dryRun = b.dryRun;
        this.adjuster = b.dryRun ? (b.adjuster != null && b.adjuster.isDryRun() ? b.adjuster : ClockAdjusters.dryRun()) : b.adjuster;
        this.remeasure = b.remeasure;
        this.nanoTime = b.nanoTime;
    }

    /**
     * A builder with the defaults: 5 queries per server, {@link SyncPolicy#DEFAULT}, {@link Combiner#DEFAULT}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs one sync, blocking until it is measured, decided, applied and re-measured.
     *
     * @return what was measured, decided and done
     */
    public SyncReport run() {
        long start = nanoTime.getAsLong();
        List<TsqSeries> series = measure(servers);
        long measured = nanoTime.getAsLong();
        Estimate estimate = combiner.combine(toServerSamples(series));
        Decision decision = policy.decide(estimate);
        LOG.debug("estimate {} -> decision {}", estimate, decision);

        boolean applied = false;
        ClockAdjustmentException applyError = null;
        OptionalLong residual = OptionalLong.empty();
        if (decision.changesClock()) {
            try {
                apply(decision);
                applied = !dryRun;
            } catch (ClockAdjustmentException e) {
                applyError = e;
                LOG.warn("could not adjust the clock with {}: {}", adjuster.name(), e.getMessage());
            }
        }
        if (applied && remeasure) {
            Estimate after = combiner.combine(toServerSamples(measure(estimate.agreeingServers())));
            if (after.status() == Estimate.Status.AGREED) {
                residual = OptionalLong.of(after.offsetNanos());
            }
        }
        long end = nanoTime.getAsLong();
        return new SyncReport(reports(series, estimate), estimate, decision, dryRun, adjuster.name(), applied,
                applyError, residual, measured - start, end - start);
    }

    /**
     * Runs {@link #run()} on the common pool.
     *
     * @return the report's future
     */
    public CompletableFuture<SyncReport> runAsync() {
        return CompletableFuture.supplyAsync(this::run);
    }

    private void apply(Decision decision) {
        Duration correction = Duration.ofNanos(decision.correctionNanos());
        switch (decision.action()) {
            case SLEW -> adjuster.slew(correction);
            case STEP -> adjuster.step(correction);
            default -> throw new IllegalStateException("not a clock change: " + decision);
        }
    }

    private List<TsqSeries> measure(List<String> targets) {
        List<CompletableFuture<TsqSeries>> futures = new ArrayList<>(targets.size());
        for (String server : targets) {
            CompletableFuture<TsqSeries> f;
            try {
                f = source.sample(server, queriesPerServer);
            } catch (TsqException | IllegalArgumentException e) {
                f = CompletableFuture.failedFuture(e);
            }
            futures.add(f.exceptionally(e -> failedSeries(server, e)));
        }
        List<TsqSeries> out = new ArrayList<>(futures.size());
        for (CompletableFuture<TsqSeries> f : futures) {
            out.add(f.join());
        }
        return out;
    }

    private TsqSeries failedSeries(String server, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        TsqException t = cause instanceof TsqException te ? te : new TsqException(String.valueOf(cause.getMessage()), cause);
        return new TsqSeries(server, queriesPerServer, List.of(), List.of(t));
    }

    private static List<ServerSamples> toServerSamples(List<TsqSeries> series) {
        List<ServerSamples> out = new ArrayList<>(series.size());
        for (TsqSeries s : series) {
            List<Measurement> ms = new ArrayList<>(s.samples().size() + s.failures().size());
            for (TsqSample x : s.samples()) {
                ms.add(x.sample());
            }
            for (TsqException f : s.failures()) {
                if (f instanceof AnomalousSampleException a) {
                    ms.add(a.rejected());
                }
            }
            out.add(new ServerSamples(s.server(), ms, advertisedErrorNanos(s.samples())));
        }
        return out;
    }

    /**
     * The largest error a server advertised in its Clock Quality Info (draft 6.3.2: clients MAY use it to weight
     * servers); it widens that server's correctness interval. Zero when it sent none.
     */
    static long advertisedErrorNanos(List<TsqSample> samples) {
        long max = 0;
        for (TsqSample x : samples) {
            if (x.clockQuality() != null) {
                max = Math.max(max, x.clockQuality().estimatedErrorMicros() * 1_000L);
            }
        }
        return max;
    }

    private static List<ServerReport> reports(List<TsqSeries> series, Estimate estimate) {
        List<ServerReport> out = new ArrayList<>(series.size());
        for (TsqSeries s : series) {
            ServerEstimate se = estimate.servers().stream().filter(e -> e.server().equals(s.server())).findFirst().orElse(null);
            ServerRejection rej = estimate.rejectedServers().stream().filter(r -> r.server().equals(s.server())).findFirst().orElse(null);
            out.add(new ServerReport(s.server(), s.samples(), s.failures(), se, rej));
        }
        return out;
    }

    /** Builds a {@link Synchronizer}; each setter checks its argument. */
    public static final class Builder {
        private final List<String> servers = new ArrayList<>();
        private int queriesPerServer = 5;
        private SyncPolicy policy = SyncPolicy.DEFAULT;
        private Combiner combiner = Combiner.DEFAULT;
        private SampleSource source;
        private ClockAdjuster adjuster;
        private boolean dryRun;
        private boolean remeasure = true;
        private LongSupplier nanoTime = System::nanoTime;

        private Builder() {
        }

        /**
         * Servers as {@code host[:port]} (duplicates are dropped).
         *
         * @param servers the servers
         * @return this builder
         * @throws IllegalArgumentException for a blank entry
         */
        public Builder servers(List<String> servers) {
            Objects.requireNonNull(servers, "servers");
            for (String s : servers) {
                if (s == null || s.isBlank()) {
                    throw new IllegalArgumentException("servers: blank entry (expected: host[:port])");
                }
            }
            this.servers.clear();
            this.servers.addAll(new LinkedHashSet<>(servers));
            return this;
        }

        /**
         * Servers as {@code host[:port]} (duplicates are dropped).
         *
         * @param servers the servers
         * @return this builder
         * @throws IllegalArgumentException for a blank entry
         */
        public Builder servers(String... servers) {
            return servers(List.of(servers));
        }

        /**
         * Queries per server, back to back (default 5, 1-64).
         *
         * @param n 1-64
         * @return this builder
         */
        public Builder queriesPerServer(int n) {
            if (n < 1 || n > 64) {
                throw new IllegalArgumentException("queriesPerServer: " + n + " (expected: 1-64)");
            }
            this.queriesPerServer = n;
            return this;
        }

        /**
         * How a combined estimate becomes a decision (default {@link SyncPolicy#DEFAULT}).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder policy(SyncPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * How the servers' samples are combined (default {@link Combiner#DEFAULT}).
         *
         * @param combiner the combiner
         * @return this builder
         */
        public Builder combiner(Combiner combiner) {
            this.combiner = Objects.requireNonNull(combiner, "combiner");
            return this;
        }

        /**
         * Where samples come from; usually a {@link TsqClient}: {@code source(client::queryAsync)}.
         *
         * @param source the source
         * @return this builder
         */
        public Builder source(SampleSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * How the clock is corrected; required unless {@link #dryRun(boolean)}.
         *
         * @param adjuster the adjuster
         * @return this builder
         */
        public Builder adjuster(ClockAdjuster adjuster) {
            this.adjuster = Objects.requireNonNull(adjuster, "adjuster");
            return this;
        }

        /**
         * Decide but change nothing (a dry-run adjuster records what would have been done).
         *
         * @param on whether to change nothing
         * @return this builder
         */
        public Builder dryRun(boolean on) {
            this.dryRun = on;
            return this;
        }

        /**
         * Measure again after applying and report the residual (default true).
         *
         * @param on whether to measure again
         * @return this builder
         */
        public Builder remeasure(boolean on) {
            this.remeasure = on;
            return this;
        }

        /**
         * Monotonic time for the reported durations (default {@link System#nanoTime()}).
         *
         * @param nanoTime the monotonic clock
         * @return this builder
         */
        public Builder nanoTime(LongSupplier nanoTime) {
            this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        /**
         * The synchronizer.
         *
         * @return the synchronizer
         * @throws IllegalStateException when no server or source is set, or no adjuster outside a dry run
         */
        public Synchronizer build() {
            if (servers.isEmpty()) {
                throw new IllegalStateException("servers: none (expected: at least one host[:port])");
            }
            if (source == null) {
                throw new IllegalStateException("source: none (expected: e.g. a TsqClient's queryAsync)");
            }
            if (!dryRun && adjuster == null) {
                throw new IllegalStateException("adjuster: none (expected: an adjuster, e.g. ClockAdjusters.discover(), or dryRun(true))");
            }
            return new Synchronizer(this);
        }
    }
}
