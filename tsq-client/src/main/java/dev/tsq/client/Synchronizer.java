package dev.tsq.client;

import dev.tsq.TsqException;
import dev.tsq.exchange.AnomalousSampleException;
import dev.tsq.exchange.ResponseRejectedException;
import dev.tsq.exchange.UnauthenticatedResponseException;
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
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-shot clock synchronization, like {@code ntpdate} done right.
 *
 * <p>It queries every server in parallel, {@code queriesPerServer} times back to back with no sleeps (one
 * QUIC connection per server, reused; {@link Builder#warmupQueries(int) warm-up} exchanges first, discarded), hands the samples to core's {@link Combiner} (per server: drop
 * outliers, prefer the lowest-delay samples; across servers: interval intersection with a majority, so one
 * lying server cannot move the result) and core's {@link SyncPolicy} (none, slew, step or refused). Unless
 * it is a dry run, it applies the decision through the {@link ClockAdjuster}, then measures again against
 * the servers that agreed and reports the residual offset. Every stage hands the next a plain value.
 *
 * <p>Safe by default:
 * <ul>
 *   <li>the majority is counted over the <em>configured</em> servers: a server that does not answer (or whose
 *       answers are all rejected) is a vote for nobody, so 1 of 3 answering is refused, never "1 of 1";
 *       {@link Builder#minAgreeingServers(int)} raises the bar further;</li>
 *   <li>servers are deduplicated by resolved address before the vote ({@code a} and {@code a:443}, a host name
 *       and its IP are one server), each duplicate named in {@link SyncReport#warnings()};</li>
 *   <li>with {@link Builder#requireSigned(boolean)} a sample that is not authenticated counts as that query's
 *       failure;</li>
 *   <li>{@link Builder#deadline(Duration)} bounds the whole sync: queries still outstanding when it expires are
 *       recorded as failures, and what arrived in time is used;</li>
 *   <li>the policy's slew threshold is checked at {@link Builder#build()} against {@link ClockAdjuster#maxSlew()}.</li>
 * </ul>
 */
public final class Synchronizer {
    private static final Logger LOG = LoggerFactory.getLogger(Synchronizer.class);

    private final List<String> servers;
    private final int queriesPerServer;
    private final int warmupQueries;
    private final SyncPolicy policy;
    private final Combiner combiner;
    private final SampleSource source;
    private final ClockAdjuster adjuster;
    private final boolean dryRun;
    private final boolean remeasure;
    private final LongSupplier nanoTime;
    private final boolean requireSigned;
    private final Duration deadline;
    private final Resolver resolver;

    private Synchronizer(Builder b, SyncPolicy policy) {
        this.servers = List.copyOf(b.servers);
        this.queriesPerServer = b.queriesPerServer;
        this.warmupQueries = b.warmupQueries;
        this.policy = policy;
        this.combiner = b.combiner;
        this.source = b.source;
        this.dryRun = b.dryRun;
        this.adjuster = b.dryRun ? (b.adjuster != null && b.adjuster.isDryRun() ? b.adjuster : ClockAdjusters.dryRun()) : b.adjuster;
        this.remeasure = b.remeasure;
        this.nanoTime = b.nanoTime;
        this.requireSigned = b.requireSigned;
        this.deadline = b.deadline;
        this.resolver = b.resolver;
    }

    /** How host names are resolved to tell duplicates apart (tests pass one that needs no DNS). */
    @FunctionalInterface
    interface Resolver {
        InetAddress resolve(String host) throws UnknownHostException;
    }

    /** A configured server: as the user named it (what the source is asked) and as reports name it (host:port). */
    private record Target(String asked, String name) {
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
     * Runs one sync, blocking until it is measured, decided, applied and re-measured (or the deadline passes).
     *
     * @return what was measured, decided and done
     */
    public SyncReport run() {
        long start = nanoTime.getAsLong();
        long deadlineAt = deadline == null ? Long.MAX_VALUE : saturatedAdd(start, deadline.toNanos());
        List<String> warnings = new ArrayList<>();
        List<Target> targets = dedupe(warnings);
        List<TsqSeries> series = measure(targets, deadlineAt);
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
            Set<String> agreeing = new HashSet<>(estimate.agreeingServers());
            List<Target> again = targets.stream().filter(t -> agreeing.contains(t.name())).toList();
            Estimate after = combiner.combine(toServerSamples(measure(again, deadlineAt)));
            if (after.status() == Estimate.Status.AGREED) {
                residual = OptionalLong.of(after.offsetNanos());
            }
        }
        long end = nanoTime.getAsLong();
        return new SyncReport(reports(series, estimate), estimate, decision, dryRun, adjuster.name(), applied,
                applyError, residual, measured - start, end - start, warnings);
    }

    /**
     * The configured servers, each distinct endpoint once: {@code a} and {@code a:443}, or a host name and the IP
     * it resolves to, are one server and one vote. A name that does not resolve is kept (its queries will fail and
     * count against the majority) and compared by name.
     */
    private List<Target> dedupe(List<String> warnings) {
        Map<String, Target> byKey = new LinkedHashMap<>();
        for (String asked : servers) {
            ServerAddress a = ServerAddress.parse(asked);
            String key;
            String resolvedAs = null;
            try {
                InetAddress ip = resolver.resolve(a.host());
                resolvedAs = new ServerAddress(ip.getHostAddress(), a.port()).toString();
                key = resolvedAs;
            } catch (UnknownHostException | RuntimeException e) {
                key = a.toString().toLowerCase(Locale.ROOT);
            }
            Target first = byKey.get(key);
            if (first != null) {
                String w = "servers: " + asked + " is the same server as " + first.asked()
                        + (resolvedAs == null ? "" : " (" + resolvedAs + ")") + "; it is asked once and votes once";
                LOG.warn(w);
                warnings.add(w);
                continue;
            }
            byKey.put(key, new Target(asked, a.toString()));
        }
        return List.copyOf(byKey.values());
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
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

    /**
     * Queries every target {@code queriesPerServer} times, servers in parallel, each server's queries one after
     * another (one {@code source.sample(server, 1)} at a time, so that what arrived before the deadline is kept).
     */
    private List<TsqSeries> measure(List<Target> targets, long deadlineAt) {
        List<Collector> collectors = new ArrayList<>(targets.size());
        for (Target t : targets) {
            Collector c = new Collector(t);
            collectors.add(c);
            c.next();
        }
        CompletableFuture<?> all = CompletableFuture.allOf(collectors.stream().map(c -> c.done).toArray(CompletableFuture[]::new));
        try {
            if (deadlineAt == Long.MAX_VALUE) {
                all.get();
            } else {
                all.get(Math.max(0, deadlineAt - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            // expired below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a collector failed", e); // never: collectors complete normally
        }
        String why = "deadline: the sync's " + (deadline == null ? "" : deadline.toMillis() + " ms ")
                + "budget ran out before this query finished";
        List<TsqSeries> out = new ArrayList<>(collectors.size());
        for (Collector c : collectors) {
            c.expire(why);
            out.add(c.series());
        }
        return out;
    }

    /** One server's queries in flight: asks the source for one sample at a time until done, stopped or expired. */
    private final class Collector {
        private final Target target;
        private final List<TsqSample> samples = new ArrayList<>();
        private final List<TsqException> failures = new ArrayList<>();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private int attempted;
        private int warmedUp;
        /** Whether the query in flight is a warm-up, whose sample is discarded. */
        private boolean warming;
        private boolean finished;

        Collector(Target target) {
            this.target = target;
        }

        synchronized void next() {
            if (finished) {
                return;
            }
            if (warmedUp < warmupQueries) {
                warmedUp++;
                warming = true;
            } else if (attempted >= queriesPerServer) {
                finish();
                return;
            } else {
                warming = false;
                attempted++;
            }
            CompletableFuture<TsqSeries> f;
            try {
                f = Objects.requireNonNull(source.sample(target.asked(), 1), "source returned null");
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete(this::onResult);
        }

        private synchronized void onResult(TsqSeries s, Throwable error) {
            if (finished) {
                return; // late: the deadline already closed this server's series
            }
            boolean stop = false;
            if (warming) {
                // A warm-up exchange: its sample is discarded; only a failure that ends the server's queries
                // (handshake, unreachable) is kept, so that the report says why nothing was measured.
                TsqException fatal = null;
                if (error != null) {
                    fatal = toTsq(error);
                } else {
                    for (TsqException e : s.failures()) {
                        fatal = fatal(e) ? e : fatal;
                    }
                }
                if (fatal != null && fatal(fatal)) {
                    failures.add(fatal);
                    finish();
                } else {
                    next();
                }
                return;
            }
            if (error != null) {
                TsqException e = toTsq(error);
                failures.add(e);
                stop = fatal(e);
            } else {
                for (TsqSample x : s.samples()) {
                    if (requireSigned && !x.authenticated()) {
                        failures.add(new UnauthenticatedResponseException(ResponseRejectedException.Reason.UNAUTHENTICATED,
                                "signed responses are required and " + target.name() + " sent an unsigned one"));
                    } else {
                        samples.add(x);
                    }
                }
                for (TsqException e : s.failures()) {
                    failures.add(e);
                    stop |= fatal(e);
                }
            }
            if (stop) {
                finish();
            } else {
                next();
            }
        }

        synchronized void expire(String why) {
            if (!finished) {
                failures.add(new QueryTimeoutException(why));
                finish();
            }
        }

        private void finish() {
            finished = true;
            done.complete(null);
        }

        synchronized TsqSeries series() {
            return new TsqSeries(target.name(), attempted, samples, failures);
        }
    }

    /** Failures after which further queries to the same server are pointless (as {@link TsqClient} stops). */
    private static boolean fatal(TsqException e) {
        return e instanceof HandshakeException || e instanceof UnreachableException
                || e instanceof DatagramsUnsupportedException;
    }

    private static TsqException toTsq(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause instanceof TsqException te ? te : new TsqException(String.valueOf(cause.getMessage()), cause);
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
        private int warmupQueries;
        private SyncPolicy policy = SyncPolicy.DEFAULT;
        private Combiner combiner = Combiner.DEFAULT;
        private SampleSource source;
        private ClockAdjuster adjuster;
        private boolean dryRun;
        private boolean remeasure = true;
        private LongSupplier nanoTime = System::nanoTime;
        private int minAgreeingServers;
        private boolean requireSigned;
        private Duration deadline;
        private Resolver resolver = InetAddress::getByName;

        private Builder() {
        }

        /**
         * Servers as {@code host[:port]}. Identical entries are dropped here; entries that name the same endpoint
         * differently ({@code a} and {@code a:443}, a host and its IP) are merged when the sync runs, with a
         * warning in the report.
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
                ServerAddress.parse(s); // throws with a message naming the entry
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
         * Exchanges per server sent before the measured ones and discarded (default 0, 0-16). In a cold process the
         * first exchanges run through the interpreter on both the client's and the path's code and take
         * milliseconds; their samples have the widest intervals and the most asymmetric delays. A warm-up that
         * fails only matters when it ends the server's queries (handshake, unreachable): that failure is reported.
         *
         * @param n 0-16
         * @return this builder
         */
        public Builder warmupQueries(int n) {
            if (n < 0 || n > 16) {
                throw new IllegalArgumentException("warmupQueries: " + n + " (expected: 0-16)");
            }
            this.warmupQueries = n;
            return this;
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
         * The fewest agreeing servers accepted (default: the policy's, 1), in addition to the majority of the
         * configured servers that the combiner always requires; at most the number of configured servers.
         *
         * @param n the minimum, at least 1
         * @return this builder
         */
        public Builder minAgreeingServers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("minAgreeingServers: " + n + " (expected: >= 1)");
            }
            this.minAgreeingServers = n;
            return this;
        }

        /**
         * Count a sample that is not authenticated (no or a bad Signature Block) as that query's failure.
         *
         * @param on true to require signed responses
         * @return this builder
         */
        public Builder requireSigned(boolean on) {
            this.requireSigned = on;
            return this;
        }

        /**
         * A bound on the whole sync, re-measurement included (default none: each query is bounded by the source's
         * own timeouts). Queries outstanding when it expires count as failures; samples that arrived are used.
         *
         * @param deadline greater than zero, at most one day
         * @return this builder
         */
        public Builder deadline(Duration deadline) {
            Objects.requireNonNull(deadline, "deadline");
            if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("deadline: " + deadline + " (expected: > 0 and at most 1 day)");
            }
            this.deadline = deadline;
            return this;
        }

        Builder resolver(Resolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * Monotonic time for the reported durations and the deadline (default {@link System#nanoTime()}).
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
            if (minAgreeingServers > servers.size()) {
                throw new IllegalStateException("minAgreeingServers: " + minAgreeingServers + " (expected: at most the "
                        + servers.size() + " configured server(s))");
            }
            SyncPolicy effective = minAgreeingServers == 0 ? policy : policy.toBuilder().minAgreeingServers(minAgreeingServers).build();
            if (!dryRun) {
                java.util.Optional<Duration> max = adjuster.maxSlew();
                if (max.isPresent() && effective.slewThresholdNanos() > max.get().toNanos()) {
                    throw new IllegalStateException("slewThreshold: " + effective.slewThresholdNanos() / 1e6
                            + " ms (expected: at most " + max.get().toNanos() / 1e6 + " ms, the largest slew "
                            + adjuster.name() + " can make; larger offsets are stepped)");
                }
            }
            return new Synchronizer(this, effective);
        }
    }
}
