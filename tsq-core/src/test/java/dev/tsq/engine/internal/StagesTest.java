package dev.tsq.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.engine.ClockAction;
import dev.tsq.engine.EngineConfig;
import dev.tsq.engine.FailureKind;
import dev.tsq.engine.SourceSample;
import dev.tsq.engine.Tier;
import dev.tsq.sync.Sample;
import dev.tsq.testing.PropertyRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each pipeline stage on its own, with the time as an argument. */
class StagesTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long S = 1_000_000_000L;

    private static SourceSample sample(long mono, long offsetNanos, long delayNanos) {
        return new SourceSample(Sample.fromOffsetAndDelay(T0 + mono, offsetNanos, delayNanos), 0, mono + delayNanos);
    }

    @Test
    void gateDropsTooLongDelays() {
        SampleGate g = new SampleGate(0.01);
        assertFalse(g.offer(sample(0, 0, 20_000_000), 0).accepted());
        assertTrue(g.offer(sample(S, 0, 5_000_000), 0).accepted());
    }

    @Test
    void popFilterDropsOneOutlierButFollowsALastingChange() {
        SampleGate g = new SampleGate(3);
        for (int i = 0; i < 8; i++) {
            assertTrue(g.offer(sample(i * S, 0, 200_000 + i * 1000), 0).accepted());
        }
        GateResult wild = g.offer(sample(9 * S, 0, 5_000_000), 0);
        assertFalse(wild.accepted());
        assertTrue(wild.rejection().startsWith("pop filter"), wild.rejection());
        assertTrue(g.offer(sample(10 * S, 0, 5_000_000), 0).accepted(), "the second in a row passes");
    }

    @Test
    void gatedSampleTimeIsTheExchangeMidpoint() {
        GatedSample s = new SampleGate(3).offer(sample(10 * S, 1_000, 2_000_000), 0).sample();
        assertEquals(10.001, s.t(), 1e-9);
        assertEquals(1e-6, s.offset(), 1e-12);
        assertEquals(2e-3, s.delay(), 1e-12);
    }

    @Test
    void filterLearnsOffsetAndDriftWithinItsOwnUncertainty() {
        PropertyRunner.forAll("Kalman estimate within 5σ of the truth", 9, 30, r -> {
            double off0 = (r.nextDouble() - 0.5) * 0.2;
            double drift = (r.nextDouble() - 0.5) * 400e-6;
            double jitter = 10e-6 + r.nextDouble() * 500e-6;
            SourceFilter f = new SourceFilter(500e-6, 1e-17);
            SourceEstimate e = null;
            for (int i = 0; i < 200; i++) {
                double t = i * 64.0;
                double e1 = -Math.log(1 - r.nextDouble());
                double e2 = -Math.log(1 - r.nextDouble());
                e = f.update(new GatedSample(t, off0 + drift * t + jitter * (e1 - e2) / 2,
                        200e-6 + jitter * (e1 + e2), 0));
            }
            double t = e.t();
            assertEquals(off0 + drift * t, e.offset(), 5 * e.offsetSigma() + 1e-9);
            assertEquals(drift, e.drift(), 5 * e.driftSigma() + 1e-12);
            assertTrue(e.offsetSigma() < jitter, "σ " + e.offsetSigma() + " below one sample's jitter " + jitter);
        });
    }

    @Test
    void filterFollowsTheCorrectionsItIsToldAbout() {
        SourceFilter f = new SourceFilter(500e-6, 1e-17);
        for (int i = 0; i < 10; i++) {
            f.update(new GatedSample(i * 16.0, 0.01 + 50e-6 * i * 16.0, 200e-6, 0));
        }
        SourceEstimate before = f.estimate().at(200);
        f.stepped(0.01);
        f.frequencyChanged(50e-6, 150);
        SourceEstimate after = f.estimate().at(200);
        // 10 ms stepped away, and from t=150 the clock runs 50 ppm faster: 50 s · 50 ppm less offset at t=200
        assertEquals(before.offset() - 0.01 - 50 * 50e-6, after.offset(), 1e-9);
        assertEquals(before.drift() - 50e-6, after.drift(), 1e-12);
    }

    private static SourceEstimate est(double offset, double sigma, double delay) {
        return new SourceEstimate(0, offset, 0, sigma * sigma, 0, 1e-16, delay, delay, 0, sigma, 1e-17, 10, 0);
    }

    @Test
    void selectorNeedsAStrictMajorityOfConfiguredSources() {
        Selector sel = new Selector(1);
        List<Candidate> cs = new ArrayList<>();
        cs.add(new Candidate(0, Tier.PRIMARY, est(0, 10e-6, 1e-3)));
        cs.add(new Candidate(1, Tier.PRIMARY, est(20e-6, 10e-6, 1e-3)));
        cs.add(new Candidate(2, Tier.PRIMARY, est(1.0, 10e-6, 1e-3)));
        Selection s = sel.select(cs, 3, 0);
        assertTrue(s.ok());
        assertEquals(List.of(2), s.falsetickers());
        assertEquals(2, s.survivors().size());
        // the same two agreeing of five configured (three silent or lying) are no majority
        Selection five = new Selector(1).select(cs, 5, 0);
        assertFalse(five.ok());
        assertTrue(five.reason().startsWith("no majority"), five.reason());
    }

    @Test
    void selectorHonoursTheMinimumOfAgreeingSources() {
        List<Candidate> cs = List.of(new Candidate(0, Tier.PRIMARY, est(0, 10e-6, 1e-3)),
                new Candidate(1, Tier.PRIMARY, est(0, 10e-6, 1e-3)));
        assertTrue(new Selector(2).select(cs, 2, 0).ok());
        assertFalse(new Selector(3).select(cs, 2, 0).ok());
    }

    @Test
    void fallbacksJoinOnlyWhenPrimariesCannotSteer() {
        Candidate p = new Candidate(0, Tier.PRIMARY, est(0, 10e-6, 1e-3));
        Candidate fb = new Candidate(1, Tier.FALLBACK, est(0, 10e-6, 1e-3));
        Selection enough = new Selector(1).select(List.of(p, fb), 1, 1);
        assertEquals(Tier.PRIMARY, enough.tier());
        assertEquals(1, enough.survivors().size());
        // two primaries configured, one silent: no primary majority, so the fallback joins (2 of 3 agree)
        Selection joined = new Selector(1).select(List.of(p, fb), 2, 1);
        assertTrue(joined.ok());
        assertEquals(Tier.FALLBACK, joined.tier());
        assertEquals(2, joined.survivors().size());
    }

    @Test
    void selectedSourceChangesOnlyAfterHysteresis() {
        Selector sel = new Selector(1);
        Candidate a = new Candidate(0, Tier.PRIMARY, est(0, 10e-6, 1e-3));
        Candidate b = new Candidate(1, Tier.PRIMARY, est(0, 10e-6, 2e-3));
        assertEquals(0, sel.select(List.of(a, b), 2, 0).selected());
        Candidate betterB = new Candidate(1, Tier.PRIMARY, est(0, 1e-6, 1e-4));
        Candidate worseA = new Candidate(0, Tier.PRIMARY, est(0, 10e-6, 1e-3));
        for (int i = 1; i < Selector.HYSTERESIS; i++) {
            assertEquals(0, sel.select(List.of(worseA, betterB), 2, 0).selected(), "update " + i);
        }
        assertEquals(1, sel.select(List.of(worseA, betterB), 2, 0).selected());
    }

    @Test
    void combinerWeighsByUncertainty() {
        Candidate a = new Candidate(0, Tier.PRIMARY, est(0, 10e-6, 1e-3));
        Candidate b = new Candidate(1, Tier.PRIMARY, est(30e-6, 20e-6, 1e-3));
        SystemEstimate e = Combiner.combine(List.of(a, b));
        // weights 1/100 and 1/400: (0·4 + 30·1) / 5 = 6 µs
        assertEquals(6e-6, e.offset(), 1e-12);
        assertEquals(Math.sqrt(1 / (1 / 1e-10 + 1 / 4e-10)), e.offsetSigma(), 1e-12);
        assertEquals(2, e.combined());
    }

    private static SystemEstimate sys(double offset, double drift) {
        return new SystemEstimate(0, offset, drift, 1e-10, 0, 1e-16, 1e-17, 2e-4, 0, 1e-5, 1, 0);
    }

    @Test
    void controllerStepsOnlyUnderMakestep() {
        EngineConfig cfg = EngineConfig.builder().startupStep(Duration.ofMillis(100), 2).build();
        Controller c = new Controller(cfg);
        Controller.Output first = c.update(sys(0.5, 0), 10, 64);
        assertInstanceOf(ClockAction.Step.class, first.actions().get(0));
        assertEquals(500_000_000L, ((ClockAction.Step) first.actions().get(0)).nanos());
        c.update(sys(0, 0), 20, 64);
        Controller.Output third = c.update(sys(0.5, 0), 30, 64);
        assertTrue(third.actions().stream().noneMatch(a -> a instanceof ClockAction.Step), "no step after N updates");
        assertEquals(0, third.stepSeconds());
    }

    @Test
    void controllerPanicLimits() {
        EngineConfig cfg = EngineConfig.builder().build();
        Controller c = new Controller(cfg);
        double day = 86_400;
        assertTrue(c.update(sys(-day - 1, 0), 1, 64).panic(), "backward beyond one day at start-up");
        Controller forward = new Controller(cfg);
        Controller.Output f = forward.update(sys(10 * day, 0), 1, 64);
        assertFalse(f.panic(), "forward at start-up is unlimited");
        assertInstanceOf(ClockAction.Step.class, f.actions().get(0));
        Controller later = new Controller(cfg);
        later.update(sys(0, 0), 1, 64);
        Controller.Output p = later.update(sys(1001, 0), 2, 64);
        assertTrue(p.panic());
        assertInstanceOf(ClockAction.Panic.class, p.actions().get(0));
        assertFalse(later.update(sys(999, 0), 3, 64).panic());
    }

    @Test
    void controllerCorrectsFrequencyAndSlewsWithinTheLimit() {
        EngineConfig cfg = EngineConfig.builder().maxFrequencyPpm(500).build();
        Controller c = new Controller(cfg);
        Controller.Output o = c.update(sys(0.05, 100e-6), 0, 64); // 50 ms behind, drifting 100 ppm
        assertEquals(100, c.basePpm(), 1e-9);
        ClockAction.SetFrequency f = (ClockAction.SetFrequency) o.actions().get(o.actions().size() - 1);
        assertEquals(500, f.ppm(), 1e-9, "slew capped at maxFrequencyPpm");
        assertEquals(0.05 / 400e-6, c.slewEnd(), 1e-6, "50 ms at the 400 ppm headroom");
        List<ClockAction> end = new ArrayList<>();
        assertEquals(-400, c.onTimer(c.slewEnd(), end), 1e-9);
        assertEquals(new ClockAction.SetFrequency(100), end.get(0));
    }

    @Test
    void pollBurstIsFourGoodOfAtMostEight() {
        PollScheduler p = new PollScheduler(6, 10, true, 0);
        long t = 0;
        for (int i = 0; i < 4; i++) {
            assertEquals(t, p.nextPoll());
            p.sent(t);
            p.answered(t + 1000, true, null);
            t += 2 * S;
        }
        assertFalse(p.inBurst());
        assertEquals(6 * S + 64 * S, p.nextPoll());
        PollScheduler lossy = new PollScheduler(6, 10, true, 0);
        for (int i = 0; i < 8; i++) {
            assertTrue(lossy.inBurst());
            lossy.sent(i * 2 * S);
            lossy.failed(FailureKind.TIMEOUT, i * 2 * S + S);
        }
        assertFalse(lossy.inBurst(), "at most 8 requests");
    }

    @Test
    void fallbackPollsSlowerUntilNeeded() {
        PollScheduler primary = new PollScheduler(6, 10, false, 0);
        PollScheduler fallback = new PollScheduler(6, 10, false, PollScheduler.FALLBACK_SLOWDOWN, 0);
        primary.sent(0);
        fallback.sent(0);
        assertEquals(64 * S, primary.nextPoll());
        assertEquals(256 * S, fallback.nextPoll(), "fallback at minPoll + 2");
        assertEquals(8, fallback.pollExponent());
        fallback.slowdown(0);
        assertEquals(64 * S, fallback.nextPoll(), "needed to steer: the primary's pace at once");
        fallback.slowdown(PollScheduler.FALLBACK_SLOWDOWN);
        PollScheduler capped = new PollScheduler(9, 10, false, PollScheduler.FALLBACK_SLOWDOWN, 0);
        capped.sent(0);
        assertEquals(1024 * S, capped.nextPoll(), "never beyond maxPoll");
    }

    @Test
    void reachRegisterAndBackOff() {
        PollScheduler p = new PollScheduler(6, 10, false, 0);
        p.sent(0);
        p.answered(1000, true, null);
        assertEquals(1, p.reach());
        long t = 0;
        for (int i = 0; i < 8; i++) {
            t = p.nextPoll();
            p.sent(t);
            p.failed(FailureKind.TIMEOUT, t + S);
        }
        assertEquals(0, p.reach());
        assertTrue(p.unreachable());
        assertTrue(p.pollExponent() > 6, "backed off");
        long gap = p.nextPoll() - t;
        assertTrue(gap > 64 * S && gap <= 1024 * S, "gap " + gap);
        p.sent(p.nextPoll());
        p.answered(p.nextPoll(), true, null);
        assertEquals(6, p.pollExponent(), "an answer ends the back-off");
        PollScheduler limited = new PollScheduler(6, 10, false, 0);
        limited.sent(0);
        limited.failed(FailureKind.RATE_LIMITED, S);
        assertEquals(7, limited.pollExponent());
        for (int i = 0; i < 10; i++) {
            limited.failed(FailureKind.RATE_LIMITED, S);
        }
        assertEquals(10, limited.pollExponent(), "never beyond maxPoll");
    }

    @Test
    void clockWatchFlagsAJumpButNotTheEnginesOwnCorrections() {
        ClockWatch w = new ClockWatch();
        assertEquals(0, w.check(0, T0));
        w.oscillator(0, 0, 10);
        w.applied(0, 100); // the engine made the clock 100 ppm faster
        assertEquals(0, w.check(10, T0 + 10 * S + 1_000_000));
        w.stepped(5 * S);
        assertEquals(0, w.check(20, T0 + 20 * S + 2_000_000 + 5 * S));
        long surprise = w.check(30, T0 + 30 * S + 3_000_000 + 5 * S + 200_000_000);
        assertEquals(200_000_000, surprise, 1_000);
    }

    @Test
    void nothingBeforeTheFirstSample() {
        assertNull(new SourceFilter(500e-6, 1e-17).estimate());
    }
}
