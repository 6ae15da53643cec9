package dev.tsq.sync;

import static dev.tsq.sync.SampleTest.T0;
import static dev.tsq.testing.PropertyRunner.edges;
import static dev.tsq.testing.PropertyRunner.forAll;
import static dev.tsq.testing.PropertyRunner.forEachCombination;
import static dev.tsq.testing.PropertyRunner.longIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyncPolicyTest {

    private static final long MS = 1_000_000L;

    /** A consensus estimate of exactly {@code offset}: one server, one sample. */
    static Estimate agreed(long offset) {
        Estimate e = Combiner.DEFAULT.combine(List.of(
                new ServerSamples("a", List.of(Sample.fromOffsetAndDelay(T0, offset, 200_000)))));
        assertEquals(offset, e.offsetNanos());
        return e;
    }

    @Test
    void defaults() {
        SyncPolicy p = SyncPolicy.DEFAULT;
        assertEquals(128 * MS, p.slewThresholdNanos());
        assertEquals(1_000 * MS, p.maxOffsetNanos());
        assertEquals(1, p.minAgreeingServers());
        assertEquals(0, p.noneThresholdNanos());
        assertEquals(p, SyncPolicy.builder().build());
    }

    @ParameterizedTest(name = "offset {0} ns -> {1}")
    @CsvSource({
        "0, NONE",
        "1, SLEW",
        "-1, SLEW",
        "127999999, SLEW",
        "128000000, SLEW",
        "128000001, STEP",
        "-127999999, SLEW",
        "-128000000, SLEW",
        "-128000001, STEP",
        "999999999, STEP",
        "1000000000, STEP",
        "1000000001, REFUSED",
        "-999999999, STEP",
        "-1000000000, STEP",
        "-1000000001, REFUSED",
        "5000000000, REFUSED",
    })
    void everyBoundaryOfTheDefaultPolicy(long offset, Action expected) {
        Decision d = SyncPolicy.DEFAULT.decide(agreed(offset));
        assertEquals(expected, d.action(), d::reason);
        assertEquals(expected == Action.SLEW || expected == Action.STEP ? offset : 0, d.correctionNanos());
        assertEquals(d.changesClock(), expected == Action.SLEW || expected == Action.STEP);
        assertFalse(d.reason().isBlank());
    }

    @Test
    void reasonsCarryTheNumbers() {
        Decision step = SyncPolicy.DEFAULT.decide(agreed(250 * MS));
        assertTrue(step.reason().startsWith("offset +250.000000 ms +- 1.100000 ms from 1 agreeing server(s)"),
                step.reason());
        assertTrue(step.reason().contains("beyond slewThreshold 128.000000 ms"), step.reason());
        Decision refused = SyncPolicy.DEFAULT.decide(agreed(-1_500 * MS));
        assertTrue(refused.reason().contains("offset -1500.000000 ms") && refused.reason().contains("exceeds maxOffset"),
                refused.reason());
    }

    @ParameterizedTest(name = "offset {0} ns with a 1 us dead band -> {1}")
    @CsvSource({"999, NONE", "1000, SLEW", "-999, NONE", "-1000, SLEW", "0, NONE"})
    void noneThresholdIsADeadBand(long offset, Action expected) {
        SyncPolicy p = SyncPolicy.builder().noneThresholdNanos(1_000).build();
        assertEquals(expected, p.decide(agreed(offset)).action());
    }

    @Test
    void customThresholds() {
        SyncPolicy p = SyncPolicy.builder().slewThresholdNanos(500 * MS).maxOffsetNanos(600 * MS).build();
        assertEquals(Action.SLEW, p.decide(agreed(500 * MS)).action());
        assertEquals(Action.STEP, p.decide(agreed(500 * MS + 1)).action());
        assertEquals(Action.STEP, p.decide(agreed(-600 * MS)).action());
        assertEquals(Action.REFUSED, p.decide(agreed(-600 * MS - 1)).action());
        // refusing beyond max takes precedence even when max is below the slew threshold
        SyncPolicy slewOnly = SyncPolicy.builder().maxOffsetNanos(100 * MS).build();
        assertEquals(Action.SLEW, slewOnly.decide(agreed(100 * MS)).action());
        assertEquals(Action.REFUSED, slewOnly.decide(agreed(100 * MS + 1)).action());
    }

    @Test
    void emptyEstimateIsRefused() {
        Decision d = SyncPolicy.DEFAULT.decide(Estimate.noUsableSamples(List.of(
                new ServerRejection("x", ServerRejection.Reason.NO_VALID_SAMPLES, "no measurements")), 0));
        assertEquals(Action.REFUSED, d.action());
        assertEquals(0, d.correctionNanos());
        assertEquals("no usable samples: 0 measurement(s) rejected, 1 server(s) without a valid sample; "
                + "x: no_valid_samples (no measurements)", d.reason());
    }

    /** Edge cases: 1, 2, 2 s - 1, 2 s, and the default thresholds with their neighbours; then 500 tries. */
    @Test
    void decisionsAreSymmetricInTheOffsetsSign() {
        long[][] edgeCases = {edges(1, 2_000 * MS, 128 * MS - 1, 128 * MS, 128 * MS + 1,
            1_000 * MS - 1, 1_000 * MS, 1_000 * MS + 1)};
        forEachCombination("symmetric in the sign", edgeCases, v -> symmetricInTheSign(v[0]));
        forAll("symmetric in the sign", 0x5C_0001L, 500, r -> symmetricInTheSign(longIn(r, 1, 2_000 * MS)));
    }

    private static void symmetricInTheSign(long offset) {
        Decision up = SyncPolicy.DEFAULT.decide(agreed(offset));
        Decision down = SyncPolicy.DEFAULT.decide(agreed(-offset));
        assertEquals(up.action(), down.action());
        assertEquals(up.correctionNanos(), -down.correctionNanos());
    }

    @Test
    void policyValidatesItsArguments() {
        assertEquals("slewThresholdNanos: -1 (expected: >= 0)", assertThrows(IllegalArgumentException.class,
                () -> SyncPolicy.builder().slewThresholdNanos(-1)).getMessage());
        assertEquals("maxOffsetNanos: -1 (expected: >= 0)", assertThrows(IllegalArgumentException.class,
                () -> SyncPolicy.builder().maxOffsetNanos(-1)).getMessage());
        assertEquals("minAgreeingServers: 0 (expected: >= 1)", assertThrows(IllegalArgumentException.class,
                () -> SyncPolicy.builder().minAgreeingServers(0)).getMessage());
        assertEquals("noneThresholdNanos: -1 (expected: >= 0)", assertThrows(IllegalArgumentException.class,
                () -> SyncPolicy.builder().noneThresholdNanos(-1)).getMessage());
        assertEquals("noneThresholdNanos: 129000000 (expected: 0-128000000, at most slewThresholdNanos)",
                assertThrows(IllegalArgumentException.class,
                        () -> SyncPolicy.builder().noneThresholdNanos(129 * MS).build()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SyncPolicy(-5, 10, 1, 0));
        assertThrows(NullPointerException.class, () -> SyncPolicy.DEFAULT.decide(null));
        assertEquals(SyncPolicy.DEFAULT.toBuilder().minAgreeingServers(3).build(),
                new SyncPolicy(128 * MS, 1_000 * MS, 3, 0));
    }

    @Test
    void decisionAndActionValidate() {
        assertEquals("correctionNanos: 0 (expected: non-zero for SLEW)", assertThrows(IllegalArgumentException.class,
                () -> new Decision(Action.SLEW, 0, "x")).getMessage());
        assertEquals("correctionNanos: 5 (expected: 0 for REFUSED)", assertThrows(IllegalArgumentException.class,
                () -> new Decision(Action.REFUSED, 5, "x")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Decision(Action.NONE, 0, " "));
        assertThrows(NullPointerException.class, () -> new Decision(null, 0, "x"));
        assertEquals(List.of("none", "slew", "step", "refused"),
                java.util.Arrays.stream(Action.values()).map(Action::wireName).toList());
        for (Action a : Action.values()) {
            assertEquals(a, Action.fromWireName(a.wireName()));
        }
        assertEquals("action: \"STEP\" (expected: none, slew, step or refused)",
                assertThrows(IllegalArgumentException.class, () -> Action.fromWireName("STEP")).getMessage());
    }
}
