package dev.tsq.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.sync.Action;
import dev.tsq.sync.SyncPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The direction and size of every correction the synchronizer hands to an adjuster, against a simulated clock that
 * applies it: each test asserts the exact call (kind, sign, nanoseconds) and the residual that the re-measurement
 * computes from the corrected clock. A sign or unit error in {@code Synchronizer.apply} moves the simulated clock the
 * wrong way and the residual shows it.
 */
class SynchronizerCorrectionTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;

    /** Three honest servers (on true time); the client's clock is {@code clientError} off true time. */
    private static SimulatedClockWorld world(long clientError, long slewRatePpm) {
        return new SimulatedClockWorld(clientError, slewRatePpm, 100 * US, 100 * US, 1 * MS)
                .server("a:1", 0).server("b:1", 0).server("c:1", 0);
    }

    private static SyncReport run(SimulatedClockWorld w) {
        return SynchronizerTest.sync().servers("a:1", "b:1", "c:1").source(w).adjuster(w.adjuster()).build().run();
    }

    @Test
    void aClientBehindTheServersIsSteppedForwardByExactlyTheOffset() {
        SimulatedClockWorld w = world(-250 * MS, SimulatedClockWorld.INSTANT); // servers 250 ms ahead
        SyncReport r = run(w);
        assertEquals(Action.STEP, r.action());
        assertEquals(List.of("step 250000000"), w.calls);
        assertTrue(r.applied());
        assertEquals(0, w.clientError(), "the simulated clock is on true time after the step");
        assertEquals(0, r.residualOffsetNanos().orElseThrow(), "re-measured against the corrected clock");
    }

    @Test
    void aClientAheadOfTheServersIsSteppedBackByExactlyTheOffset() {
        SimulatedClockWorld w = world(300 * MS, SimulatedClockWorld.INSTANT); // servers 300 ms behind
        SyncReport r = run(w);
        assertEquals(Action.STEP, r.action());
        assertEquals(List.of("step -300000000"), w.calls);
        assertEquals(0, w.clientError());
        assertEquals(0, r.residualOffsetNanos().orElseThrow());
    }

    @Test
    void aClientBehindIsSlewedForward() {
        SimulatedClockWorld w = world(-40 * MS, SimulatedClockWorld.INSTANT);
        SyncReport r = run(w);
        assertEquals(Action.SLEW, r.action());
        assertEquals(List.of("slew 40000000"), w.calls);
        assertEquals(0, w.clientError());
        assertEquals(0, r.residualOffsetNanos().orElseThrow());
    }

    @Test
    void aClientAheadIsSlewedBack() {
        SimulatedClockWorld w = world(40 * MS + 123, SimulatedClockWorld.INSTANT); // odd nanoseconds survive
        SyncReport r = run(w);
        assertEquals(Action.SLEW, r.action());
        assertEquals(List.of("slew -40000123"), w.calls);
        assertEquals(0, w.clientError());
        assertEquals(0, r.residualOffsetNanos().orElseThrow());
    }

    @Test
    void aKernelRateSlewIsPartlyAbsorbedWhenTheResidualIsMeasured() {
        // 500 ppm, 100 ms of simulated time between queries: the re-measurement sees the slew under way
        SimulatedClockWorld w = new SimulatedClockWorld(-50 * MS, 500, 100 * US, 100 * US, 100 * MS)
                .server("a:1", 0).server("b:1", 0).server("c:1", 0);
        SyncReport r = run(w);
        assertEquals(List.of("slew 50000000"), w.calls);
        long residual = r.residualOffsetNanos().orElseThrow();
        long left = w.trueOffset("a:1"); // what is still to absorb when the sync ends
        assertTrue(left > 0 && left < 50 * MS - 500 * US, "left " + left);
        // the residual lies between what was left when re-measuring began (all of it) and what is left at the end
        assertTrue(residual < 50 * MS - 100 * US && residual >= left - 10 * US,
                "residual " + residual + " not between the end state " + left + " and 50 ms");
    }

    @Test
    void theCorrectionIsTheMedianOfTheAgreeingServersAndTheLiarIsIgnored() {
        SimulatedClockWorld w = new SimulatedClockWorld(0, SimulatedClockWorld.INSTANT, 100 * US, 100 * US, 1 * MS)
                .server("a:1", 250 * MS).server("b:1", 250 * MS + 100 * US).server("liar:1", -5_000 * MS);
        SyncReport r = SynchronizerTest.sync().servers("a:1", "b:1", "liar:1").source(w).adjuster(w.adjuster()).build().run();
        assertEquals(List.of("step 250050000"), w.calls);
        assertEquals(250 * MS + 50 * US, w.clientError());
        // after the step a is 50 us behind, b 50 us ahead: their median is 0
        assertEquals(0, r.residualOffsetNanos().orElseThrow());
    }

    @Test
    void asymmetricPathsBiasTheCorrectionByHalfTheAsymmetryAndNoMore() {
        // 300 us out, 100 us back: every measured offset is +100 us off the truth; the interval still holds it
        SimulatedClockWorld w = new SimulatedClockWorld(-200 * MS, SimulatedClockWorld.INSTANT, 300 * US, 100 * US, 1 * MS)
                .server("a:1", 0).server("b:1", 0).server("c:1", 0);
        SyncReport r = run(w);
        assertEquals(List.of("step 200100000"), w.calls);
        assertEquals(100 * US, w.clientError());
        // the same bias hides itself in the re-measurement: asymmetry is invisible to the client, only bounded
        assertEquals(0, r.residualOffsetNanos().orElseThrow());
        assertTrue(Math.abs(w.clientError()) <= r.estimate().uncertaintyNanos(), "the truth is within the uncertainty");
    }

    @Test
    void aSlewThresholdBeyondWhatTheAdjusterCanSlewIsRefusedBeforeMeasuring() {
        SimulatedClockWorld w = world(-400 * MS, 500);
        SyncPolicy wide = SyncPolicy.builder().slewThresholdNanos(600 * MS).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SynchronizerTest.sync()
                .servers("a:1").source(w).adjuster(w.adjuster(Optional.of(Duration.ofMillis(500)))).policy(wide).build());
        assertEquals("slewThreshold: 600.0 ms (expected: at most 500.0 ms, the largest slew simulated can make;"
                + " larger offsets are stepped)", e.getMessage());
        assertTrue(w.calls.isEmpty());
        // at the limit it is accepted, and a dry run is never limited
        SyncPolicy atLimit = SyncPolicy.builder().slewThresholdNanos(500 * MS).build();
        SyncReport r = SynchronizerTest.sync().servers("a:1", "b:1", "c:1").source(w)
                .adjuster(w.adjuster(Optional.of(Duration.ofMillis(500)))).policy(atLimit).build().run();
        assertEquals(List.of("slew 400000000"), w.calls);
        assertTrue(r.applied());
        SynchronizerTest.sync().servers("a:1").source(w).policy(wide).dryRun(true).build();
    }
}
