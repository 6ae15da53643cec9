package dev.tsq.daemon;

import dev.tsq.TsqException;
import dev.tsq.clock.VirtualClock;
import dev.tsq.daemon.DaemonConfig.Protocol;
import dev.tsq.engine.ClockAction;
import dev.tsq.engine.DriftState;
import dev.tsq.engine.EngineConfig;
import dev.tsq.engine.SourceConfig;
import dev.tsq.engine.SourceState;
import dev.tsq.engine.SourceStatus;
import dev.tsq.engine.SyncEngine;
import dev.tsq.engine.Tier;
import dev.tsq.spi.ClockAdjuster;
import dev.tsq.spi.ClockAdjusters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon: the continuous engine driven in real time over QUIC (and SNTP for the fallback tier) against the
 * configured clock, with the status socket, the metrics endpoint and systemd notification.
 *
 * <p>One thread ("tsq-daemon") runs the engine: it polls each source when the engine says, hands every answer or
 * failure to the engine and executes the returned {@link ClockAction}s. Answers arrive on the clients' threads and
 * are queued to it; the engine is never touched from another thread. Readers (status, metrics) see the
 * {@link DaemonStatus} it publishes after every turn.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** Exit code when the engine panicked (offset beyond the panic limits). */
    public static final int EXIT_PANIC = 3;
    private static final long DRIFT_WRITE_INTERVAL = TimeUnit.MINUTES.toNanos(15);

    private record Event(int source, PollResult result) {}

    private final DaemonConfig config;
    private final DisciplinedClock clock;
    private final SyncEngine engine;
    private final List<SourcePoller> pollers = new ArrayList<>();
    private final List<SourceCounters> counters = new ArrayList<>();
    private final boolean[] inFlight;
    private final long[] lastPoll;
    private static final int STANDBY_SLOWDOWN = 4;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ExecutorService ntpExecutor;
    private final SdNotify notify;
    private final long watchdogNanos;
    private final long startMono;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private StatusServer statusServer;
    private MetricsServer metricsServer;
    private volatile DaemonStatus status;
    private volatile boolean stopping;
    private volatile int exitCode;
    private volatile String panic;
    private boolean ready;
    private long lastWatchdog;
    private long lastDriftWrite;

    private static final class SourceCounters {
        final DaemonConfig.Source source;
        volatile String transport;
        volatile String alpn;
        volatile long polls;
        volatile long answers;
        volatile long failures;

        SourceCounters(DaemonConfig.Source source) {
            this.source = source;
        }
    }

    private Daemon(DaemonConfig config, SdNotify notify) throws IOException {
        this.config = config;
        this.notify = notify;
        this.watchdogNanos = SdNotify.watchdogNanos();
        long mono = System.nanoTime();
        this.startMono = mono;
        this.clock = newClock(config.clock(), mono);
        DriftState drift = DriftFile.read(config.clock().driftFile());
        if (drift != null) {
            LOG.info("drift file {}: {} ppm ± {} ppm", config.clock().driftFile(), drift.frequencyPpm(),
                    drift.uncertaintyPpm());
        }
        DaemonConfig.Synchronization s = config.synchronization();
        EngineConfig ec = EngineConfig.builder()
                .pollLimits(s.minPoll(), s.maxPoll())
                .minimumAgreeingSources(s.minimumAgreeingSources())
                .startupStep(s.startupStepThreshold(), s.startupStepUpdates())
                .panicThreshold(s.panicThreshold())
                .startupBackwardLimit(s.startupBackwardLimit())
                .maxFrequencyPpm(s.maxFrequencyPpm())
                .initialBurst(s.initialBurst())
                .initialDrift(drift)
                .build();
        List<SourceConfig> sources = new ArrayList<>();
        AtomicInteger n = new AtomicInteger();
        this.ntpExecutor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "tsq-ntp-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            for (DaemonConfig.Source src : config.sources()) {
                boolean ntp = src.protocol() == Protocol.NTP;
                sources.add(new SourceConfig(src.address(), ntp ? Tier.FALLBACK : Tier.PRIMARY));
                pollers.add(ntp ? new NtpPoller(src, clock.wallClock(), ntpExecutor)
                        : new TsqPoller(src, clock.wallClock()));
                counters.add(new SourceCounters(src));
            }
            this.engine = SyncEngine.create(ec, sources, mono);
        } catch (IOException | RuntimeException e) {
            closePollers();
            ntpExecutor.shutdownNow();
            throw e;
        }
        this.inFlight = new boolean[pollers.size()];
        this.lastPoll = new long[pollers.size()];
        java.util.Arrays.fill(lastPoll, Long.MIN_VALUE);
        // A drift file's frequency applies before the first sample, as chrony does.
        if (drift != null) {
            clock.setFrequency(drift.frequencyPpm(), mono);
        }
        this.status = snapshot(mono);
        this.thread = new Thread(this::run, "tsq-daemon");
    }

    private static DisciplinedClock newClock(DaemonConfig.ClockSettings c, long mono) {
        switch (c.mode()) {
            case VIRTUAL:
                return new DisciplinedClock.Virtual(new VirtualClock(Math.round(c.virtualOffsetMs() * 1e6),
                        c.virtualFrequencyPpm(), mono), false);
            case MONITOR:
                return new DisciplinedClock.Virtual(VirtualClock.ofSystem(mono), true);
            default:
                if (!"1".equals(System.getenv("TSQ_ALLOW_CLOCK_CHANGE"))) {
                    throw new TsqException("clock.mode = \"system\" changes this machine's clock: it needs"
                            + " TSQ_ALLOW_CLOCK_CHANGE=1 in the environment and CAP_SYS_TIME (use mode = \"monitor\" to"
                            + " measure without steering)");
                }
                ClockAdjuster adjuster = ClockAdjusters.discover().orElseThrow(() -> new TsqException(
                        "clock.mode = \"system\": no clock adjuster for this platform (expected: tsq-clock-linux on"
                                + " Linux)"));
                return new DisciplinedClock.SystemClock(adjuster, mono);
        }
    }

    /** Starts a daemon: sources, engine, status socket, metrics, and the loop thread. */
    public static Daemon start(DaemonConfig config) throws IOException {
        return start(config, SdNotify.fromEnvironment());
    }

    /** As {@link #start(DaemonConfig)}, notifying {@code notify}. */
    public static Daemon start(DaemonConfig config, SdNotify notify) throws IOException {
        Daemon d = new Daemon(config, notify);
        try {
            if (config.observability().statusSocket() != null) {
                d.statusServer = StatusServer.start(config.observability().statusSocket(), d);
            }
            if (config.observability().metricsListen() != null) {
                d.metricsServer = MetricsServer.start(config.observability().metricsListen(), d);
            }
        } catch (IOException | RuntimeException e) {
            d.closeEndpoints();
            d.closePollers();
            d.ntpExecutor.shutdownNow();
            throw e;
        }
        d.thread.start();
        LOG.info("tsq daemon started: {} sources, clock {}", config.sources().size(), d.clock.mode());
        return d;
    }

    // ------------------------------------------------------------------------------------------ the loop

    private void run() {
        try {
            while (!stopping) {
                long mono = System.nanoTime();
                for (int i = 0; i < pollers.size(); i++) {
                    if (!inFlight[i] && mono - dueMono(i) >= 0) {
                        poll(i, mono);
                    }
                }
                if (mono - engine.nextTimerMono() >= 0) {
                    execute(engine.onTimer(mono, clock.read()));
                }
                Event e;
                while ((e = events.poll()) != null) {
                    handle(e);
                }
                mono = System.nanoTime();
                clock.tick(mono);
                housekeeping(mono);
                status = snapshot(mono);
                long next = mono + TimeUnit.SECONDS.toNanos(1);
                next = earlier(next, engine.nextTimerMono());
                for (int i = 0; i < pollers.size(); i++) {
                    if (!inFlight[i]) {
                        next = earlier(next, dueMono(i));
                    }
                }
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    e = events.poll(wait, TimeUnit.NANOSECONDS);
                    if (e != null) {
                        handle(e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("tsq daemon loop failed", e);
            exitCode = 1;
        } finally {
            shutdown();
        }
    }

    private static long earlier(long a, long b) {
        return b - a < 0 ? b : a;
    }

    /**
     * When source {@code i} is polled next: when the engine says, except that a fallback source on standby (TSQ
     * sources suffice) is sampled at most every {@value #STANDBY_SLOWDOWN} of its intervals.
     */
    private long dueMono(int i) {
        long due = engine.nextPollMono(i);
        SourceStatus s = status.engine().sources().get(i);
        if (s.tier() == Tier.FALLBACK && s.state() == SourceState.STANDBY && lastPoll[i] != Long.MIN_VALUE) {
            long slow = lastPoll[i] + STANDBY_SLOWDOWN * (long) (Math.scalb(1.0, s.pollExponent()) * 1e9);
            return earlier(slow, due) == due ? slow : due;
        }
        return due;
    }

    private void poll(int i, long mono) {
        lastPoll[i] = mono;
        inFlight[i] = true;
        counters.get(i).polls++;
        engine.onPollSent(i, mono);
        pollers.get(i).poll().whenComplete((r, t) -> events.add(new Event(i, r != null ? r
                : TsqPoller.failure(t))));
    }

    private void handle(Event e) {
        if (e.source < 0) {
            return; // a wake-up
        }
        inFlight[e.source] = false;
        SourceCounters c = counters.get(e.source);
        if (e.result instanceof PollResult.Ok ok) {
            c.answers++;
            c.transport = ok.transport();
            c.alpn = ok.alpn();
            execute(engine.onSample(e.source, ok.sample()));
        } else {
            PollResult.Failed f = (PollResult.Failed) e.result;
            c.failures++;
            LOG.debug("{}: {} {}", c.source.address(), f.kind(), f.detail());
            execute(engine.onFailure(e.source, f.kind(), f.detail(), System.nanoTime()));
        }
    }

    private void execute(List<ClockAction> actions) {
        for (ClockAction a : actions) {
            long mono = System.nanoTime();
            if (a instanceof ClockAction.SetFrequency f) {
                clock.setFrequency(f.ppm(), mono);
            } else if (a instanceof ClockAction.Step s) {
                LOG.info("stepping the {} clock by {} ns", clock.mode(), s.nanos());
                clock.step(s.nanos(), mono);
            } else if (a instanceof ClockAction.SetStatus st) {
                clock.setStatus(st.synced(), st.estimatedErrorNanos(), st.maxErrorNanos());
            } else if (a instanceof ClockAction.Panic p) {
                LOG.error("panic: offset {} ns: {}; not steering, stopping", p.offsetNanos(), p.reason());
                panic = p.reason() + " (offset " + p.offsetNanos() + " ns)";
                exitCode = EXIT_PANIC;
                stopping = true;
                return;
            }
        }
    }

    private void housekeeping(long mono) {
        if (!ready && (engine.status(mono).synced()
                || mono - startMono >= config.synchronization().startupWait().toNanos())) {
            ready = true;
            notify.send("READY=1\nSTATUS=" + (engine.status(mono).synced() ? "synchronised" : "start-up wait passed"));
        }
        if (watchdogNanos > 0 && mono - lastWatchdog >= watchdogNanos / 2) {
            lastWatchdog = mono;
            notify.send("WATCHDOG=1");
        }
        if (config.clock().driftFile() != null && mono - lastDriftWrite >= DRIFT_WRITE_INTERVAL
                && engine.status(mono).synced()) {
            lastDriftWrite = mono;
            writeDrift();
        }
    }

    private void writeDrift() {
        if (config.clock().driftFile() == null) {
            return;
        }
        try {
            DriftFile.write(config.clock().driftFile(), engine.driftState());
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write drift file {}: {}", config.clock().driftFile(), e.toString());
        }
    }

    private DaemonStatus snapshot(long mono) {
        List<DaemonStatus.SourceInfo> infos = new ArrayList<>();
        for (SourceCounters c : counters) {
            boolean ntp = c.source.protocol() == Protocol.NTP;
            infos.add(new DaemonStatus.SourceInfo(c.source.address(), ntp ? "ntp" : "tsq",
                    ntp ? "udp" : c.source.mode(), c.transport, c.alpn, c.polls, c.answers, c.failures));
        }
        String clockError = clock instanceof DisciplinedClock.SystemClock s ? s.lastError : null;
        return new DaemonStatus(engine.status(mono), mono, clock.mode(), infos, ready, panic, clockError);
    }

    private void shutdown() {
        notify.send("STOPPING=1");
        writeDrift();
        closePollers();
        ntpExecutor.shutdownNow();
        closeEndpoints();
        LOG.info("tsq daemon stopped");
        stopped.countDown();
    }

    private void closePollers() {
        for (SourcePoller p : pollers) {
            try {
                p.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a source: {}", e.toString());
            }
        }
    }

    private void closeEndpoints() {
        if (statusServer != null) {
            statusServer.close();
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
    }

    // ------------------------------------------------------------------------------------------ API

    /** The status published after the last loop turn. */
    public DaemonStatus status() {
        return status;
    }

    /**
     * The disciplined clock minus the system clock now, read at one instant (virtual: the virtual clock's
     * reading minus the system clock's); null in system mode.
     */
    public Long correctionNanos() {
        return clock.correctionNanos();
    }

    /** The in-process clock ({@code virtual} or the monitor's shadow), or null in system mode. */
    public VirtualClock virtualClock() {
        return clock.virtualClock();
    }

    /** The configuration it runs. */
    public DaemonConfig config() {
        return config;
    }

    /** The status socket's path, or null. */
    public java.nio.file.Path statusSocket() {
        return statusServer == null ? null : statusServer.path();
    }

    /** The metrics endpoint's address (with the bound port), or null. */
    public java.net.InetSocketAddress metricsAddress() {
        return metricsServer == null ? null : metricsServer.address();
    }

    /** Asks the loop to stop (writes the drift file, closes connections); returns at once. */
    public void stop() {
        stopping = true;
        events.add(new Event(-1, null));
    }

    /** Waits until stopped; returns the exit code (0, or {@link #EXIT_PANIC}). */
    public int await() throws InterruptedException {
        stopped.await();
        return exitCode;
    }

    /** Waits at most {@code millis}; true when stopped. */
    public boolean await(long millis) throws InterruptedException {
        return stopped.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Stops and waits (at most 10 s). */
    @Override
    public void close() {
        stop();
        try {
            if (!stopped.await(10, TimeUnit.SECONDS)) {
                LOG.warn("tsq daemon did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
