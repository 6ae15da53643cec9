package dev.tsq.engine.internal;

import dev.tsq.engine.ClockAction;
import dev.tsq.engine.DriftState;
import dev.tsq.engine.EngineConfig;
import dev.tsq.engine.EngineStatus;
import dev.tsq.engine.FailureKind;
import dev.tsq.engine.SourceConfig;
import dev.tsq.engine.SourceSample;
import dev.tsq.engine.SourceState;
import dev.tsq.engine.SourceStatus;
import dev.tsq.engine.SyncEngine;
import dev.tsq.engine.SyncState;
import dev.tsq.engine.Tier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The engine: wires gate → filter → selector → combiner → controller, with a poll scheduler per source. */
public final class DefaultSyncEngine implements SyncEngine {
    /** A source is selectable after this many filtered samples. */
    static final int MIN_SAMPLES = 3;
    static final long TIMER_PERIOD = 16_000_000_000L;
    /** Prior σ of the oscillator's frequency error without a drift file: 500 ppm (a bad crystal, the kernel range). */
    static final double PRIOR_DRIFT_SIGMA = 500e-6;
    static final double INITIAL_PROCESS_NOISE = 1e-17;

    private final class Source {
        final SourceConfig config;
        final SampleGate gate;
        final SourceFilter filter;
        final PollScheduler poll;
        SourceState state = SourceState.INITIALIZING;
        String lastError;
        FailureKind lastFailure;

        Source(SourceConfig config, long mono) {
            this.config = config;
            this.gate = new SampleGate(config().maxDelay().toNanos() * 1e-9);
            double prior = EngineConfigs.driftSigma(config());
            this.filter = new SourceFilter(prior, INITIAL_PROCESS_NOISE);
            this.poll = new PollScheduler(config().minPoll(), config().maxPoll(), config().initialBurst(),
                    config.tier() == Tier.FALLBACK ? PollScheduler.FALLBACK_SLOWDOWN : 0, mono);
        }
    }

    private final EngineConfig cfg;
    private final long epoch;
    private final List<Source> sources = new ArrayList<>();
    private final int configuredPrimaries;
    private final int configuredFallbacks;
    private final Selector selector;
    private final Controller controller;
    private final ClockWatch watch = new ClockWatch();
    private SyncState state = SyncState.UNSYNCHRONIZED;
    private Tier steeringTier;
    private List<Integer> survivors = List.of();
    private boolean started;
    private boolean panicked;
    private long nextTimer;
    private int steps;
    private long lastStepNanos;
    private long lastStepMono = Long.MIN_VALUE;
    private double lastDriftSigmaPpm;
    private double holdoverSince = Double.NaN;

    public DefaultSyncEngine(EngineConfig config, List<SourceConfig> sourceConfigs, long mono) {
        this.cfg = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sourceConfigs, "sources");
        this.epoch = mono;
        int p = 0;
        int f = 0;
        for (SourceConfig sc : sourceConfigs) {
            sources.add(new Source(Objects.requireNonNull(sc, "source"), mono));
            if (sc.tier() == Tier.PRIMARY) {
                p++;
            } else {
                f++;
            }
        }
        this.configuredPrimaries = p;
        this.configuredFallbacks = f;
        this.selector = new Selector(config.minimumAgreeingSources());
        this.controller = new Controller(config);
        this.nextTimer = mono;
        this.lastDriftSigmaPpm = config.initialDrift() != null ? config.initialDrift().uncertaintyPpm()
                : PRIOR_DRIFT_SIGMA * 1e6;
    }

    EngineConfig config() {
        return cfg;
    }

    private double secs(long mono) {
        return (mono - epoch) * 1e-9;
    }

    private Source source(int i) {
        if (i < 0 || i >= sources.size()) {
            throw new IllegalArgumentException("source: " + i + " (expected: 0-" + (sources.size() - 1) + ")");
        }
        return sources.get(i);
    }

    @Override
    public void onPollSent(int source, long mono) {
        source(source).poll.sent(mono);
    }

    @Override
    public List<ClockAction> onSample(int index, SourceSample sample) {
        Objects.requireNonNull(sample, "sample");
        Source s = source(index);
        List<ClockAction> actions = new ArrayList<>();
        long mono = sample.mono();
        double now = secs(mono);
        start(now, sample.sample().t4(), actions);
        long surprise = watch.check(now, sample.sample().t4());
        if (surprise != 0) {
            clockChanged(mono, surprise, actions);
        }
        GateResult g = s.gate.offer(sample, epoch);
        if (!g.accepted()) {
            s.lastError = g.rejection();
            s.poll.answered(mono, false, null);
            return actions;
        }
        s.lastError = null;
        s.lastFailure = null;
        SourceEstimate e = s.filter.update(g.sample());
        s.poll.answered(mono, true, e);
        Selection sel = select(now);
        if (sel.ok()) {
            boolean fresh = false;
            for (Candidate c : sel.survivors()) {
                fresh |= c.index() == index;
            }
            if (fresh && !panicked) {
                update(sel, now, mono, s.poll.intervalSeconds(), actions);
            }
        } else {
            lost(now, actions);
        }
        return actions;
    }

    private void start(double now, long clock, List<ClockAction> actions) {
        if (started) {
            return;
        }
        started = true;
        watch.applied(now, controller.appliedPpm());
        if (cfg.initialDrift() != null) {
            actions.add(new ClockAction.SetFrequency(controller.appliedPpm()));
            watch.oscillator(now, -controller.appliedPpm(), 3 * cfg.initialDrift().uncertaintyPpm() + 50);
        }
        actions.add(new ClockAction.SetStatus(false, Long.MAX_VALUE, Long.MAX_VALUE));
    }

    private void update(Selection sel, double now, long mono, double pollInterval, List<ClockAction> actions) {
        SystemEstimate e = Combiner.combine(sel.survivors());
        Controller.Output out = controller.update(e, now, pollInterval);
        actions.addAll(out.actions());
        if (out.panic()) {
            panicked = true;
            return;
        }
        if (out.stepSeconds() != 0) {
            long n = Math.round(out.stepSeconds() * 1e9);
            steps++;
            lastStepNanos = n;
            lastStepMono = mono;
            watch.stepped(n);
            for (Source s : sources) {
                s.filter.stepped(out.stepSeconds());
            }
        }
        frequencyChanged(out.frequencyDeltaPpm(), now);
        double slewEnd = controller.slewEnd();
        if (!Double.isNaN(slewEnd)) {
            nextTimer = Math.min(nextTimer, Math.max(mono + 1, epoch + (long) Math.ceil(slewEnd * 1e9)));
        }
        double osc = -(controller.appliedPpm() - out.frequencyDeltaPpm() + e.drift() * 1e6);
        lastDriftSigmaPpm = e.driftSigma() * 1e6;
        watch.oscillator(now, osc, 3 * lastDriftSigmaPpm + 10);
        state = SyncState.SYNCHRONIZED;
        holdoverSince = Double.NaN;
        steeringTier = sel.tier();
        fallbackPace(steeringTier == Tier.FALLBACK);
        List<Integer> idx = new ArrayList<>();
        for (Candidate c : sel.survivors()) {
            idx.add(c.index());
        }
        survivors = List.copyOf(idx);
        long[] bounds = bounds(now);
        actions.add(new ClockAction.SetStatus(true, bounds[0], bounds[1]));
    }

    private void frequencyChanged(double deltaPpm, double now) {
        if (deltaPpm == 0) {
            return;
        }
        for (Source s : sources) {
            s.filter.frequencyChanged(deltaPpm * 1e-6, now);
        }
        watch.applied(now, controller.appliedPpm());
    }

    /** FALLBACK sources poll {@link PollScheduler#FALLBACK_SLOWDOWN} exponents slower unless they are needed. */
    private void fallbackPace(boolean needed) {
        for (Source s : sources) {
            if (s.config.tier() == Tier.FALLBACK) {
                s.poll.slowdown(needed ? 0 : PollScheduler.FALLBACK_SLOWDOWN);
            }
        }
    }

    /** Nothing selectable: holdover if we were synchronised. */
    private void lost(double now, List<ClockAction> actions) {
        if (state == SyncState.SYNCHRONIZED) {
            state = SyncState.HOLDOVER;
            holdoverSince = now;
            steeringTier = null;
            fallbackPace(true);
            frequencyChanged(controller.endSlew(actions), now);
            long[] b = bounds(now);
            actions.add(new ClockAction.SetStatus(false, b[0], b[1]));
        }
    }

    private void clockChanged(long mono, long surprise, List<ClockAction> actions) {
        for (Source s : sources) {
            s.filter.reset();
            s.poll.restartBurst(mono);
            s.lastError = "clock changed behind the engine's back by " + surprise + " ns";
        }
        selector.reset();
        controller.restart();
        frequencyChanged(controller.endSlew(actions), secs(mono));
        survivors = List.of();
        steeringTier = null;
        if (state != SyncState.UNSYNCHRONIZED) {
            actions.add(new ClockAction.SetStatus(false, Long.MAX_VALUE, Long.MAX_VALUE));
        }
        state = SyncState.UNSYNCHRONIZED;
    }

    private Selection select(double now) {
        List<Candidate> cs = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            SourceEstimate e = s.filter.estimate();
            if (s.poll.unreachable()) {
                s.state = SourceState.UNREACHABLE;
            } else if (s.lastFailure == FailureKind.RATE_LIMITED) {
                s.state = SourceState.RATE_LIMITED;
            } else if (e == null || s.filter.samples() < MIN_SAMPLES) {
                s.state = SourceState.INITIALIZING;
            } else {
                cs.add(new Candidate(i, s.config.tier(), e.at(now)));
            }
        }
        Selection sel = selector.select(cs, configuredPrimaries, configuredFallbacks);
        Set<Integer> surv = new HashSet<>();
        for (Candidate c : sel.survivors()) {
            surv.add(c.index());
        }
        for (Candidate c : cs) {
            Source s = sources.get(c.index());
            if (sel.ok() && c.index() == sel.selected()) {
                s.state = SourceState.SELECTED;
            } else if (surv.contains(c.index())) {
                s.state = SourceState.CANDIDATE;
            } else if (sel.falsetickers().contains(c.index())) {
                s.state = SourceState.FALSETICKER;
            } else if (sel.ok() && sel.tier() == Tier.PRIMARY && c.tier() == Tier.FALLBACK) {
                s.state = SourceState.STANDBY;
            } else {
                s.state = SourceState.INITIALIZING;
            }
        }
        return sel;
    }

    @Override
    public List<ClockAction> onFailure(int index, FailureKind kind, String detail, long mono) {
        Objects.requireNonNull(kind, "kind");
        Source s = source(index);
        s.poll.failed(kind, mono);
        s.lastFailure = kind;
        s.lastError = kind + (detail == null ? "" : ": " + detail);
        List<ClockAction> actions = new ArrayList<>();
        double now = secs(mono);
        if (started && !select(now).ok()) {
            lost(now, actions);
        }
        return actions;
    }

    @Override
    public List<ClockAction> onTimer(long mono, long clockNanos) {
        List<ClockAction> actions = new ArrayList<>();
        double now = secs(mono);
        if (!started) {
            start(now, clockNanos, actions);
            watch.check(now, clockNanos);
        } else {
            long surprise = watch.check(now, clockNanos);
            if (surprise != 0) {
                clockChanged(mono, surprise, actions);
            }
        }
        frequencyChanged(controller.onTimer(now, actions), now);
        if (state == SyncState.SYNCHRONIZED && !select(now).ok()) {
            lost(now, actions);
        } else if (state == SyncState.HOLDOVER) {
            long[] b = bounds(now);
            actions.add(new ClockAction.SetStatus(false, b[0], b[1]));
        }
        long next = mono + TIMER_PERIOD;
        double slewEnd = controller.slewEnd();
        if (!Double.isNaN(slewEnd)) {
            next = Math.min(next, epoch + (long) Math.ceil(slewEnd * 1e9));
        }
        nextTimer = Math.max(next, mono + 1);
        return actions;
    }

    @Override
    public long nextPollMono(int source) {
        return source(source).poll.nextPoll();
    }

    @Override
    public long nextTimerMono() {
        return nextTimer;
    }

    /** The system estimate now: the last survivors' filters carried to {@code now}, or null. */
    private SystemEstimate current(double now) {
        if (survivors.isEmpty()) {
            return null;
        }
        List<Candidate> cs = new ArrayList<>();
        for (int i : survivors) {
            Source s = sources.get(i);
            SourceEstimate e = s.filter.estimate();
            if (e != null) {
                cs.add(new Candidate(i, s.config.tier(), e.at(now)));
            }
        }
        return cs.isEmpty() ? null : Combiner.combine(cs);
    }

    /** {estimated error, error bound} in ns. */
    private long[] bounds(double now) {
        SystemEstimate e = state == SyncState.UNSYNCHRONIZED ? null : current(now);
        if (e == null) {
            return new long[] {Long.MAX_VALUE, Long.MAX_VALUE};
        }
        double est = e.offsetSigma() + e.minDelay() / 2 + e.serverError();
        double bound = Math.abs(e.offset()) + 3 * e.offsetSigma() + e.minDelay() / 2 + e.serverError();
        return new long[] {sat(est), sat(bound)};
    }

    private static long sat(double seconds) {
        double ns = Math.ceil(seconds * 1e9);
        return ns >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) ns;
    }

    @Override
    public EngineStatus status(long mono) {
        double now = secs(mono);
        SystemEstimate e = state == SyncState.UNSYNCHRONIZED ? null : current(now);
        long[] b = bounds(now);
        List<SourceStatus> list = new ArrayList<>();
        int pollExp = cfg.maxPoll();
        for (Source s : sources) {
            SourceEstimate se = s.filter.estimate();
            SourceEstimate at = se == null ? null : se.at(now);
            pollExp = Math.min(pollExp, s.poll.pollExponent());
            list.add(new SourceStatus(s.config.name(), s.config.tier(), s.state,
                    at == null ? 0 : Math.round(at.offset() * 1e9),
                    at == null ? Long.MAX_VALUE : sat(at.offsetSigma()),
                    at == null ? 0 : Math.round(at.lastDelay() * 1e9),
                    at == null ? 0 : -at.drift() * 1e6, s.poll.reach(), s.poll.pollExponent(), s.lastError));
        }
        return new EngineStatus(state, steeringTier, e == null ? 0 : Math.round(e.offset() * 1e9),
                e == null ? Long.MAX_VALUE : sat(e.offsetSigma()), b[1], controller.appliedPpm(),
                lastDriftSigmaPpm, steps, lastStepNanos, lastStepMono, pollExp, list);
    }

    @Override
    public DriftState driftState() {
        return new DriftState(controller.basePpm(), Math.min(lastDriftSigmaPpm, 100_000));
    }
}
