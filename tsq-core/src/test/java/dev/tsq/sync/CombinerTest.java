package dev.tsq.sync;

import static dev.tsq.sync.SampleTest.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CombinerTest {

    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long[] DELAYS = {200 * US, 300 * US, 400 * US, 500 * US, 600 * US};

    /** Five samples at a constant offset with delays 200..600 us. */
    static ServerSamples steady(String name, long offset) {
        List<Sample> s = new ArrayList<>();
        for (int i = 0; i < DELAYS.length; i++) {
            s.add(Sample.fromOffsetAndDelay(T0 + i * 10 * MS, offset, DELAYS[i]));
        }
        return new ServerSamples(name, s);
    }

    /** One sample per server with the given offset and delay. */
    static ServerSamples single(String name, long offset, long delay) {
        return new ServerSamples(name, List.of(Sample.fromOffsetAndDelay(T0, offset, delay)));
    }

    private static final Combiner NO_TOLERANCE = new Combiner(SampleFilter.DEFAULT.withToleranceNanos(0));

    @Test
    void oneLiarAmongThreeIsOutvoted() {
        Estimate e = Combiner.DEFAULT.combine(List.of(
                steady("a", 250 * MS), steady("liar", 5_000 * MS), steady("b", 250 * MS + 50 * US)));
        assertEquals(Estimate.Status.AGREED, e.status());
        assertEquals(List.of("a", "b"), e.agreeingServers());
        assertEquals(1, e.rejectedServers().size());
        ServerRejection r = e.rejectedServers().get(0);
        assertEquals("liar", r.server());
        assertEquals(ServerRejection.Reason.FALSETICKER, r.reason());
        assertTrue(r.detail().contains("2 of 3"), r.detail());
        // a: 250 ms +- (100 us + 1 ms tolerance); b: 250.05 ms +- the same; intersection [248.95, 251.1] ms
        assertEquals(1_100 * US, e.server("a").orElseThrow().errorNanos());
        assertEquals(250 * MS + 25 * US, e.offsetNanos()); // median of 250 and 250.05 ms
        assertEquals(1_075 * US, e.uncertaintyNanos());
        assertEquals(15, e.validSamples());
        assertEquals(0, e.rejectedSamples());
        assertEquals(3, e.servers().size());
        // the all-sample statistics include the liar: this is what a plain median/stdev would see
        assertEquals(250 * MS + 50 * US, e.medianOffsetNanos());
        assertTrue(e.stdevOffsetNanos() > 2_000 * MS, () -> "stdev " + e.stdevOffsetNanos());
        assertEquals(400 * US, e.medianDelayNanos());
        Decision d = SyncPolicy.DEFAULT.decide(e);
        assertEquals(Action.STEP, d.action());
        assertEquals(250 * MS + 25 * US, d.correctionNanos());
    }

    @Test
    void twoServersThatDisagreeHaveNoMajority() {
        Estimate e = Combiner.DEFAULT.combine(List.of(steady("a", 250 * MS), steady("b", 5_000 * MS)));
        assertEquals(Estimate.Status.NO_MAJORITY, e.status());
        assertTrue(e.agreeingServers().isEmpty());
        assertEquals(0, e.offsetNanos());
        assertEquals(List.of("a", "b"), e.rejectedServers().stream().map(ServerRejection::server).toList());
        e.rejectedServers().forEach(r -> assertEquals(ServerRejection.Reason.NO_MAJORITY, r.reason()));
        assertTrue(e.rejectedServers().get(0).detail().contains("1 of 2"), e.rejectedServers().get(0).detail());
        assertEquals(2, e.servers().size()); // their estimates are still reported
        Decision d = SyncPolicy.DEFAULT.decide(e);
        assertEquals(Action.REFUSED, d.action());
        assertEquals(0, d.correctionNanos());
        assertTrue(d.reason().startsWith("no majority"), d.reason());
    }

    @Test
    void twoServersThatAgreeFormAMajority() {
        Estimate e = Combiner.DEFAULT.combine(List.of(steady("a", 10 * MS), steady("b", 10 * MS + 300 * US)));
        assertEquals(List.of("a", "b"), e.agreeingServers());
        assertEquals(10 * MS + 150 * US, e.offsetNanos());
        assertTrue(e.rejectedServers().isEmpty());
    }

    @Test
    void oneServerAloneIsAMajorityOfOne() {
        Estimate e = Combiner.DEFAULT.combine(List.of(steady("only", -40 * MS)));
        assertEquals(Estimate.Status.AGREED, e.status());
        assertEquals(List.of("only"), e.agreeingServers());
        assertEquals(-40 * MS, e.offsetNanos());
        assertEquals(1_100 * US, e.uncertaintyNanos()); // its own error: 100 us + 1 ms
        assertEquals(Action.SLEW, SyncPolicy.DEFAULT.decide(e).action());
        Decision strict = SyncPolicy.builder().minAgreeingServers(2).build().decide(e);
        assertEquals(Action.REFUSED, strict.action());
        assertTrue(strict.reason().contains("minAgreeingServers 2"), strict.reason());
    }

    @Test
    void aServerWithOnlyAnomaliesIsAVoteForNobody() {
        ServerSamples broken = new ServerSamples("broken", List.of(
                Sample.measure(T0 + 10, T0, T0, T0), Sample.measure(T0 + 20, T0, T0, T0)));
        Estimate e = Combiner.DEFAULT.combine(List.of(steady("a", 3 * MS), broken, steady("b", 3 * MS)));
        assertEquals(Estimate.Status.AGREED, e.status());
        assertEquals(List.of("a", "b"), e.agreeingServers());
        ServerRejection r = e.rejectedServers().get(0);
        assertEquals(ServerRejection.Reason.NO_VALID_SAMPLES, r.reason());
        assertEquals("all 2 measurements rejected: client_time_reversed=2", r.detail());
        assertEquals(2, e.rejectedSamples());
        assertEquals(10, e.validSamples());
        assertEquals(3, e.configuredServers());
        assertEquals(2, e.answeredServers());
        // alone with the broken one, "a" is 1 of 2: no majority
        Estimate alone = Combiner.DEFAULT.combine(List.of(steady("a", 3 * MS), broken));
        assertEquals(Estimate.Status.NO_MAJORITY, alone.status());
    }

    @Test
    void theMajorityIsCountedOverTheConfiguredServersNotTheOnesThatAnswered() {
        // 3 configured, 2 silent: the last one is 1 of 3, not "1 of 1"
        Estimate e = Combiner.DEFAULT.combine(List.of(steady("a", 400 * MS), new ServerSamples("down1", List.of()),
                new ServerSamples("down2", List.of())));
        assertEquals(Estimate.Status.NO_MAJORITY, e.status());
        assertEquals(3, e.configuredServers());
        assertEquals(1, e.answeredServers());
        Decision d = SyncPolicy.DEFAULT.decide(e);
        assertEquals(Action.REFUSED, d.action());
        assertTrue(d.reason().startsWith("no majority: 1 of 3 configured server(s) answered and at most 1 agree"
                + " (need at least 2, more than half of the configured)"), d.reason());
        // 2 of 3 answering and agreeing is a majority of the configured
        Estimate two = Combiner.DEFAULT.combine(List.of(steady("a", 400 * MS), steady("b", 400 * MS),
                new ServerSamples("down", List.of())));
        assertEquals(List.of("a", "b"), two.agreeingServers());
        assertTrue(SyncPolicy.DEFAULT.decide(two).reason().contains("from 2 agreeing server(s) (2 of 3 answered)"));
        // 5 configured, 2 silent, 2 of the 3 that answered agree: 2 of 5 is no majority
        Estimate five = Combiner.DEFAULT.combine(List.of(steady("a", 0), steady("b", 0), steady("c", 900 * MS),
                new ServerSamples("d", List.of()), new ServerSamples("e", List.of())));
        assertEquals(Estimate.Status.NO_MAJORITY, five.status());
        assertTrue(SyncPolicy.DEFAULT.decide(five).reason().startsWith(
                "no majority: 3 of 5 configured server(s) answered and at most 2 agree (need at least 3"));
    }

    // steady(..) intervals: best delay 200 us, no jitter, 1 ms tolerance: offset +- 1.1 ms

    @Test
    void aLiarJustOutsideTheToleranceIsAFalseticker() {
        long justOutside = 2_200 * US + 1; // [1.1 ms + 1 ns, 3.3 ms + 1 ns] misses [-1.1, 1.1] ms by 1 ns
        Estimate e = Combiner.DEFAULT.combine(List.of(steady("a", 0), steady("b", 0), steady("liar", justOutside)));
        assertEquals(List.of("a", "b"), e.agreeingServers());
        assertEquals(ServerRejection.Reason.FALSETICKER, e.rejectedServers().get(0).reason());
        assertEquals(0, e.offsetNanos());
        assertEquals(1_100 * US, e.uncertaintyNanos());
    }

    @Test
    void aLiarJustInsideTheToleranceShiftsTheEstimateOnlyWithinTheHonestIntervals() {
        long justInside = 2_200 * US; // [1.1, 3.3] ms touches [-1.1, 1.1] ms at 1.1 ms
        Estimate e = Combiner.DEFAULT.combine(List.of(steady("a", 0), steady("b", 0), steady("liar", justInside)));
        assertEquals(List.of("a", "b", "liar"), e.agreeingServers());
        // all three share only the point 1.1 ms: the median 0 is clamped there. The liar moved the result by
        // 1.1 ms, exactly the honest servers' own error, and not a nanosecond further.
        assertEquals(1_100 * US, e.offsetNanos());
        assertEquals(0, e.uncertaintyNanos());
    }

    @Test
    void aColludingMinorityOnTheSameWrongOffsetIsOutvoted() {
        Estimate e = Combiner.DEFAULT.combine(List.of(steady("a", 10 * MS), steady("c1", 90 * MS), steady("b", 10 * MS),
                steady("c2", 90 * MS), steady("d", 10 * MS + 20 * US)));
        assertEquals(List.of("a", "b", "d"), e.agreeingServers());
        assertEquals(List.of("c1", "c2"), e.rejectedServers().stream().map(ServerRejection::server).toList());
        e.rejectedServers().forEach(r -> assertEquals(ServerRejection.Reason.FALSETICKER, r.reason()));
        assertTrue(e.rejectedServers().get(0).detail().contains("(3 of 5 servers agree)"), e.rejectedServers().get(0).detail());
        assertEquals(10 * MS, e.offsetNanos());
        assertEquals(1_100 * US, e.uncertaintyNanos()); // intersection [10.02 - 1.1, 10 + 1.1] ms, median 10 ms
    }

    @Test
    void evenSplitsAreRefused() {
        Estimate twoOfFour = Combiner.DEFAULT.combine(List.of(steady("a", 0), steady("b", 0), steady("c1", 90 * MS),
                steady("c2", 90 * MS)));
        assertEquals(Estimate.Status.NO_MAJORITY, twoOfFour.status());
        assertTrue(twoOfFour.rejectedServers().get(0).detail().contains("2 of 4 servers (4 answered; need more than 2)"),
                twoOfFour.rejectedServers().get(0).detail());
        assertEquals(Action.REFUSED, SyncPolicy.DEFAULT.decide(twoOfFour).action());
        Estimate threeOfSix = Combiner.DEFAULT.combine(List.of(steady("a", 0), steady("c1", -90 * MS), steady("b", 0),
                steady("c2", -90 * MS), steady("c", 0), steady("c3", -90 * MS)));
        assertEquals(Estimate.Status.NO_MAJORITY, threeOfSix.status());
        assertEquals(6, threeOfSix.rejectedServers().size());
        assertEquals(Action.REFUSED, SyncPolicy.DEFAULT.decide(threeOfSix).action());
        // one more honest server breaks the tie
        List<ServerSamples> sevenList = new ArrayList<>(List.of(steady("a", 0), steady("c1", -90 * MS), steady("b", 0),
                steady("c2", -90 * MS), steady("c", 0), steady("c3", -90 * MS), steady("d", 0)));
        assertEquals(List.of("a", "b", "c", "d"), Combiner.DEFAULT.combine(sevenList).agreeingServers());
    }

    @Test
    void aLiarWhoseIntervalIsWidenedToOverlapEveryoneCannotMoveTheEstimate() {
        ServerSamples liar = new ServerSamples("liar", steady("liar", 500 * MS).measurements(), 1_000 * MS);
        Estimate e = Combiner.DEFAULT.combine(List.of(steady("a", 0), liar, steady("b", 0)));
        assertEquals(List.of("a", "liar", "b"), e.agreeingServers()); // it intersects everyone, so it "agrees"
        assertEquals(0, e.offsetNanos());                              // median of 0, 500 ms, 0
        assertEquals(1_100 * US, e.uncertaintyNanos());                // the honest intersection, not the liar's 1 s
        // with one honest server, the median (250 ms) is clamped into the honest interval
        Estimate pair = Combiner.DEFAULT.combine(List.of(steady("a", 0), liar));
        assertEquals(1_100 * US, pair.offsetNanos());
        assertEquals(2_200 * US, pair.uncertaintyNanos());
    }

    @Test
    void aSilentServerAndTwoThatDisagreeHaveNoMajority() {
        Estimate e = Combiner.DEFAULT.combine(List.of(
                steady("a", 0), new ServerSamples("timeout", List.of()), steady("b", 900 * MS)));
        assertEquals(Estimate.Status.NO_MAJORITY, e.status());
        assertEquals(List.of("a", "timeout", "b"), e.rejectedServers().stream().map(ServerRejection::server).toList());
        assertEquals("no measurements", e.rejectedServers().get(1).detail());
    }

    @Test
    void nothingUsableAtAll() {
        Estimate none = Combiner.DEFAULT.combine(List.of());
        assertEquals(Estimate.Status.NO_USABLE_SAMPLES, none.status());
        Estimate allBad = Combiner.DEFAULT.combine(List.of(new ServerSamples("a",
                List.of(Sample.measure(T0, T0 + 100, T0 + 99, T0 + 5)))));
        assertEquals(Estimate.Status.NO_USABLE_SAMPLES, allBad.status());
        assertEquals(1, allBad.rejectedSamples());
        assertEquals(0, allBad.validSamples());
        Decision d = SyncPolicy.DEFAULT.decide(allBad);
        assertEquals(Action.REFUSED, d.action());
        assertTrue(d.reason().startsWith("no usable samples: 1 measurement(s) rejected"), d.reason());
        assertTrue(d.reason().contains("server_time_reversed=1"), d.reason());
    }

    @Test
    void allSampleStatisticsAgainstHandComputedValues() {
        // three servers, one sample each, 100 ns delay and no tolerance: intervals +-50 ns never meet
        Estimate e = NO_TOLERANCE.combine(List.of(single("a", 1_000, 100), single("b", 2_000, 100),
                single("c", 9_000, 100)));
        assertEquals(Estimate.Status.NO_MAJORITY, e.status());
        assertEquals(2_000, e.medianOffsetNanos());
        // mean 4000, deviations -3000 -2000 5000: 38e6 / 2 = 19e6, sqrt = 4358.9
        assertEquals(4_359, e.stdevOffsetNanos());
        // |x - 2000| = 1000 0 7000 -> 1000
        assertEquals(1_000, e.madOffsetNanos());
        assertEquals(100, e.medianDelayNanos());
    }

    @Test
    void touchingIntervalsIntersect() {
        // a = [-500, 500], b = [500, 1500]: they share exactly the point 500
        Estimate e = NO_TOLERANCE.combine(List.of(single("a", 0, 1_000), single("b", 1_000, 1_000)));
        assertEquals(List.of("a", "b"), e.agreeingServers());
        assertEquals(500, e.offsetNanos());
        assertEquals(0, e.uncertaintyNanos());
        // one nanosecond further apart they do not
        assertEquals(Estimate.Status.NO_MAJORITY,
                NO_TOLERANCE.combine(List.of(single("a", 0, 1_000), single("b", 1_001, 1_000))).status());
    }

    @Test
    void medianOfTheAgreeingIsClampedIntoTheIntersection() {
        // [-100, 100], [50, 250], [60, 260]: intersection [60, 100]; median 150 -> clamped to 100
        Estimate e = NO_TOLERANCE.combine(List.of(single("a", 0, 200), single("b", 150, 200), single("c", 160, 200)));
        assertEquals(List.of("a", "b", "c"), e.agreeingServers());
        assertEquals(100, e.offsetNanos());
        assertEquals(40, e.uncertaintyNanos());
    }

    @Test
    void wideIntervalBridgingTwoGroupsAdmitsAllAsNtpDoes() {
        // a = [0, 10000] overlaps both b = [0, 1000] and c = [9000, 10000], which do not overlap each other.
        // Largest group is 2 of 3 (a majority) in two places; the span [0, 10000] admits all three.
        Estimate e = NO_TOLERANCE.combine(List.of(single("a", 5_000, 10_000), single("b", 500, 1_000),
                single("c", 9_500, 1_000)));
        assertEquals(List.of("a", "b", "c"), e.agreeingServers());
        assertEquals(5_000, e.offsetNanos());
        assertEquals(5_000, e.uncertaintyNanos());
    }

    @Test
    void declaredServerErrorWidensThatServersInterval() {
        ServerSamples a = single("a", 0, 100);
        ServerSamples b = new ServerSamples("b", single("b", 1_000, 100).measurements(), 0);
        assertEquals(Estimate.Status.NO_MAJORITY, NO_TOLERANCE.combine(List.of(a, b)).status());
        ServerSamples bUnsure = new ServerSamples("b", b.measurements(), 950);
        Estimate e = NO_TOLERANCE.combine(List.of(a, bUnsure));
        assertEquals(List.of("a", "b"), e.agreeingServers());
        assertEquals(50 + 950, e.server("b").orElseThrow().errorNanos()); // ceil(100 / 2) + declared 950
    }

    @Test
    void mapInputMatchesListInput() {
        Map<String, List<Sample>> byName = new LinkedHashMap<>();
        byName.put("a", steady("a", 7 * MS).samples());
        byName.put("b", steady("b", 7 * MS + 10 * US).samples());
        byName.put("c", steady("c", -3_000 * MS).samples());
        Estimate fromMap = Combiner.DEFAULT.combine(byName);
        Estimate fromList = Combiner.DEFAULT.combine(List.of(steady("a", 7 * MS), steady("b", 7 * MS + 10 * US),
                steady("c", -3_000 * MS)));
        assertEquals(fromList, fromMap);
        assertEquals(List.of("a", "b"), fromMap.agreeingServers());
    }

    @Test
    void duplicateServerNamesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Combiner.DEFAULT.combine(List.of(steady("a", 0), steady("a", 1))));
        assertEquals("servers[1]: a (expected: each server at most once)", e.getMessage());
    }

    @Test
    void estimateIsImmutableAndValidated() {
        Estimate e = Combiner.DEFAULT.combine(List.of(steady("a", 0), steady("b", 0)));
        assertThrows(UnsupportedOperationException.class, () -> e.agreeingServers().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> e.servers().clear());
        assertThrows(IllegalArgumentException.class, () -> new Estimate(Estimate.Status.AGREED, 0, 0, List.of(),
                List.of(), e.servers(), 10, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Estimate(Estimate.Status.AGREED, 0, 0,
                List.of("nobody"), List.of(), e.servers(), 10, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Estimate(Estimate.Status.NO_MAJORITY, 5, 0,
                List.of(), List.of(), e.servers(), 10, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Estimate(Estimate.Status.NO_USABLE_SAMPLES, 0, 0,
                List.of(), List.of(), List.of(), 3, 0, 0, 0, 0, 0));
        assertEquals("no_majority", Estimate.Status.NO_MAJORITY.wireName());
        assertEquals("falseticker", ServerRejection.Reason.FALSETICKER.wireName());
    }
}
