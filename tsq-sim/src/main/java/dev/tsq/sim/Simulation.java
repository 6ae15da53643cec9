package dev.tsq.sim;

import dev.tsq.engine.ClockAction;
import dev.tsq.engine.EngineConfig;
import dev.tsq.engine.EngineStatus;
import dev.tsq.engine.FailureKind;
import dev.tsq.engine.SourceConfig;
import dev.tsq.engine.SourceSample;
import dev.tsq.engine.SourceState;
import dev.tsq.engine.SyncEngine;
import dev.tsq.engine.SyncState;
import dev.tsq.sync.Sample;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Drives the real {@link SyncEngine} in simulated time, event by event (polls, packet arrivals, timeouts, engine
 * timers, and one tick per simulated second for the oscillator's wander and the 1 Hz recorder). Deterministic per
 * seed: the oscillator and every path draw from their own {@link SplittableRandom} split from the seed. The engine's
 * mono time is true time (ns since the start); its clock readings come from the simulated {@link KernelClock}.
 */
public final class Simulation {
    /** A poll with no answer after this long is reported as TIMEOUT. */
    static final double DEADLINE = 4.0;
    static final long EPOCH_NS = 1_700_000_000_000_000_000L;

    private final Scenario sc;
    private final long seed;
    private final KernelClock clock;
    private final Oscillator osc;
    private final SyncEngine engine;
    private final SplittableRandom[] paths;
    private final List<InFlight> inFlight = new ArrayList<>();
    private long now;
    // path statistics
    private double delaySum;
    private double delaySq;
    private long delayCount;
    private long packets;
    private long lost;
    private long requests;
    private int steps;
    private int steering;
    private final boolean[] tickerSelected;
    private long[] outagePolls;
    private boolean[] unreachableSeen;

    private record InFlight(int source, long t1, long t2, long t3, long arrive, long deadline) {}

    private Simulation(Scenario sc, long seed) {
        this.sc = sc;
        this.seed = seed;
        // SplittableRandom(s) and SplittableRandom(s + gamma) are the same stream shifted by one draw, so nearby
        // seeds must be scrambled first (the splitmix64 finaliser), and every part draws from its own split.
        SplittableRandom root = new SplittableRandom(mix(seed)).split();
        double f0 = sc.alternateSign() && (seed & 1) == 1 ? -sc.clientFreqPpm() : sc.clientFreqPpm();
        this.osc = new Oscillator(f0, sc.wander(), root.split());
        this.clock = new KernelClock(osc, sc.clientOffset());
        int n = sc.servers().size();
        this.paths = new SplittableRandom[n];
        List<SourceConfig> sources = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            paths[i] = root.split();
            sources.add(new SourceConfig("server" + i, sc.servers().get(i).tier()));
        }
        EngineConfig cfg = sc.engineConfig();
        this.engine = SyncEngine.create(cfg, sources, 0);
        this.tickerSelected = new boolean[n];
        this.outagePolls = new long[n];
        this.unreachableSeen = new boolean[n];
    }

    /** Runs {@code scenario} with {@code seed}. */
    public static SimResult run(Scenario scenario, long seed) {
        return new Simulation(scenario, seed).go();
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long ns(double s) {
        return Math.round(s * 1e9);
    }

    private long local(long trueNs) {
        return EPOCH_NS + trueNs + Math.round(clock.error() * 1e9);
    }

    private void advanceTo(long t) {
        if (t > now) {
            clock.advance((t - now) * 1e-9);
            now = t;
        }
    }

    private void execute(List<ClockAction> actions) {
        for (ClockAction a : actions) {
            if (a instanceof ClockAction.SetFrequency f) {
                clock.setTotalFrequency(f.ppm());
                steering++;
            } else if (a instanceof ClockAction.Step s) {
                clock.setOffset(s.nanos());
                steps++;
                steering++;
            } else if (a instanceof ClockAction.Panic) {
                steering++;
            }
        }
    }

    private double exp(SplittableRandom r) {
        return -Math.log(1 - r.nextDouble());
    }

    /** One way's delay, or NaN when the packet is lost. */
    private double oneWay(int i, boolean out) {
        ServerSpec s = sc.servers().get(i);
        SplittableRandom r = paths[i];
        packets++;
        double jitterPart = s.jitter() * exp(r) * (out ? 1 - 2 * s.asymmetry() : 1 + 2 * s.asymmetry());
        boolean isLost = s.loss() > 0 && r.nextDouble() < s.loss();
        if (isLost) {
            lost++;
            return Double.NaN;
        }
        double d = s.baseDelay() + jitterPart;
        delaySum += d;
        delaySq += d * d;
        delayCount++;
        return d;
    }

    private void poll(int i) {
        ServerSpec s = sc.servers().get(i);
        engine.onPollSent(i, now);
        requests++;
        double t = now * 1e-9;
        if (s.down(t)) {
            outagePolls[i]++;
            inFlight.add(new InFlight(i, 0, 0, 0, Long.MAX_VALUE, now + ns(DEADLINE)));
            return;
        }
        long t1 = local(now);
        double d1 = oneWay(i, true);
        if (Double.isNaN(d1)) {
            inFlight.add(new InFlight(i, t1, 0, 0, Long.MAX_VALUE, now + ns(DEADLINE)));
            return;
        }
        double d2 = oneWay(i, false);
        double atServer = t + d1;
        long t2 = EPOCH_NS + ns(atServer + s.clockError(atServer));
        long arrive = Double.isNaN(d2) ? Long.MAX_VALUE : now + ns(d1) + Math.max(1, ns(d2));
        if (arrive != Long.MAX_VALUE && arrive - now > ns(DEADLINE)) {
            arrive = Long.MAX_VALUE; // late: the driver has given up on it
        }
        inFlight.add(new InFlight(i, t1, t2, t2, arrive, now + ns(DEADLINE)));
    }

    private void observe() {
        boolean anyTicker = false;
        boolean anyOutage = false;
        for (ServerSpec s : sc.servers()) {
            anyTicker |= s.lie() != 0;
            anyOutage |= !Double.isNaN(s.outageStart());
        }
        if (!anyTicker && !anyOutage) {
            return;
        }
        EngineStatus st = engine.status(now);
        for (int i = 0; i < sc.servers().size(); i++) {
            SourceState state = st.sources().get(i).state();
            if (sc.servers().get(i).lie() != 0 && (state == SourceState.SELECTED || state == SourceState.CANDIDATE)) {
                tickerSelected[i] = true;
            }
            if (state == SourceState.UNREACHABLE && outagePolls[i] > 0 && !unreachableSeen[i]) {
                unreachableSeen[i] = true;
                outageAtUnreachable[i] = outagePolls[i];
            }
        }
    }

    private long[] outageAtUnreachable;

    private SimResult go() {
        int n = sc.servers().size();
        outageAtUnreachable = new long[n];
        java.util.Arrays.fill(outageAtUnreachable, -1);
        long end = ns(sc.duration());
        int seconds = (int) sc.duration();
        double[] offsets = new double[seconds + 1];
        double[] rates = new double[seconds + 1];
        long nextSecond = 0;
        // holdover bookkeeping
        double holdRef = Double.NaN;
        double growth = Double.NaN;
        long firstFailure = Long.MAX_VALUE;
        long reported = 0;
        long windowSeconds = 0;
        long violations = 0;
        long boundAtStart = -1;
        long boundAtEnd = -1;
        boolean hasHold = !Double.isNaN(sc.holdStart());
        while (true) {
            long next = nextSecond;
            int kind = 0;
            long timer = engine.nextTimerMono();
            if (timer < next) {
                next = timer;
                kind = 1;
            }
            int pollSource = -1;
            for (int i = 0; i < n; i++) {
                long p = engine.nextPollMono(i);
                if (p < next) {
                    next = p;
                    kind = 2;
                    pollSource = i;
                }
            }
            InFlight ev = null;
            for (InFlight f : inFlight) {
                long at = Math.min(f.arrive(), f.deadline());
                if (at < next) {
                    next = at;
                    kind = 3;
                    ev = f;
                }
            }
            if (next > end) {
                break;
            }
            advanceTo(next);
            switch (kind) {
                case 0 -> {
                    int s = (int) (now / 1_000_000_000L);
                    offsets[s] = clock.error();
                    rates[s] = clock.rateErrorPpm();
                    if (hasHold && s >= sc.holdStart() && s < sc.holdEnd()) {
                        if (Double.isNaN(holdRef)) {
                            holdRef = clock.error();
                            growth = 0;
                        }
                        growth = Math.max(growth, Math.abs(clock.error() - holdRef));
                        if (now >= firstFailure) {
                            windowSeconds++;
                            EngineStatus st = engine.status(now);
                            if (st.state() == SyncState.HOLDOVER) {
                                reported++;
                                if (boundAtStart < 0) {
                                    boundAtStart = st.errorBoundNanos();
                                }
                                boundAtEnd = st.errorBoundNanos();
                                if (st.errorBoundNanos() < Math.abs(clock.error()) * 1e9) {
                                    violations++;
                                }
                            }
                        }
                    }
                    osc.tick();
                    nextSecond += 1_000_000_000L;
                }
                case 1 -> execute(engine.onTimer(now, local(now)));
                case 2 -> poll(pollSource);
                default -> {
                    inFlight.remove(ev);
                    if (ev.arrive() <= ev.deadline()) {
                        try {
                            Sample sample = Sample.of(ev.t1(), ev.t2(), ev.t3(), local(now));
                            execute(engine.onSample(ev.source(), new SourceSample(sample, 0, now)));
                        } catch (IllegalArgumentException e) {
                            execute(engine.onFailure(ev.source(), FailureKind.REJECTED, e.getMessage(), now));
                        }
                    } else {
                        if (hasHold && now * 1e-9 >= sc.holdStart() && firstFailure == Long.MAX_VALUE) {
                            firstFailure = now;
                        }
                        execute(engine.onFailure(ev.source(), FailureKind.TIMEOUT, "no answer", now));
                    }
                }
            }
            if (kind != 0) {
                observe();
            }
        }
        // sync time and statistics (chrony's definitions)
        int last = -1;
        for (int s = 0; s <= seconds; s++) {
            if (Math.abs(offsets[s]) > sc.syncOffset() || Math.abs(rates[s]) > sc.syncRatePpm()) {
                last = s;
            }
        }
        double sync = last + 1;
        int from = (int) Math.max(sc.statsStart(), sync);
        double sq = 0;
        double max = 0;
        double fq = 0;
        int cnt = 0;
        for (int s = from; s <= seconds; s++) {
            sq += offsets[s] * offsets[s];
            max = Math.max(max, Math.abs(offsets[s]));
            fq += rates[s] * rates[s];
            cnt++;
        }
        double rms = cnt == 0 ? Double.NaN : Math.sqrt(sq / cnt);
        double rmsF = cnt == 0 ? Double.NaN : Math.sqrt(fq / cnt);
        double mean = delayCount == 0 ? Double.NaN : delaySum / delayCount;
        double sd = delayCount < 2 ? Double.NaN
                : Math.sqrt(Math.max(0, (delaySq - delayCount * mean * mean) / (delayCount - 1)));
        int tickers = 0;
        long unreach = -1;
        for (int i = 0; i < n; i++) {
            if (tickerSelected[i]) {
                tickers++;
            }
            if (outagePolls[i] > 0) {
                unreach = outageAtUnreachable[i];
            }
        }
        return new SimResult(sc.name(), seed, sc.minPoll(), sc.maxPoll(), sc.duration(), sync, rms * 1e6, max * 1e6,
                rmsF, steps, requests, tickers, steering, clock.errors(), mean * 1e6, sd * 1e6,
                packets == 0 ? 0 : (double) lost / packets, unreach, growth * 1e6, reported, windowSeconds,
                violations, boundAtEnd > boundAtStart, sc);
    }
}
