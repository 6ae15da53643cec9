package dev.tsq.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The harness itself: edge lists, ranges, combinations, and failures that name what to reproduce. */
class PropertyRunnerTest {

    @Test
    void edgesOfARangeAroundZero() {
        assertArrayEquals(new long[] {-10, -9, -1, 0, 1, 9, 10}, PropertyRunner.edges(-10, 10));
        assertArrayEquals(new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE - 1,
            Long.MAX_VALUE}, PropertyRunner.edges(Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    void edgesOfRangesWithoutZeroOrWithFewValues() {
        assertArrayEquals(new long[] {0, 1, 99, 100}, PropertyRunner.edges(0, 100));
        assertArrayEquals(new long[] {5, 6, 7, 8}, PropertyRunner.edges(5, 8));
        assertArrayEquals(new long[] {7}, PropertyRunner.edges(7, 7));
        assertArrayEquals(new long[] {Long.MAX_VALUE}, PropertyRunner.edges(Long.MAX_VALUE, Long.MAX_VALUE));
        assertArrayEquals(new long[] {Long.MIN_VALUE}, PropertyRunner.edges(Long.MIN_VALUE, Long.MIN_VALUE));
        assertArrayEquals(new long[] {1, 2, 50, 99, 100}, PropertyRunner.edges(1, 100, 50, 1000, 2));
        assertEquals("max: 1 (expected: >= min 2)",
                assertThrows(IllegalArgumentException.class, () -> PropertyRunner.edges(2, 1)).getMessage());
    }

    @Test
    void uniformAndLongInStayInTheirRangeAndReachItsEdges() {
        long[][] ranges = {{Long.MIN_VALUE, Long.MAX_VALUE}, {Long.MIN_VALUE, -5}, {5, Long.MAX_VALUE}, {-3, 3},
            {0, 4_000_000_000_000_000_000L}, {500_000_500, Long.MAX_VALUE}};
        SplittableRandom r = new SplittableRandom(42);
        for (long[] range : ranges) {
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 5_000; i++) {
                long u = PropertyRunner.uniform(r, range[0], range[1]);
                long v = PropertyRunner.longIn(r, range[0], range[1]);
                assertTrue(u >= range[0] && u <= range[1], () -> u + " outside " + range[0] + ".." + range[1]);
                assertTrue(v >= range[0] && v <= range[1], () -> v + " outside " + range[0] + ".." + range[1]);
                seen.add(v);
            }
            for (long e : PropertyRunner.edges(range[0], range[1])) {
                assertTrue(seen.contains(e), () -> "edge " + e + " of " + range[0] + ".." + range[1] + " never drawn");
            }
        }
        Set<Long> small = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            small.add(PropertyRunner.uniform(r, -3, 3));
        }
        assertEquals(Set.of(-3L, -2L, -1L, 0L, 1L, 2L, 3L), small);
    }

    @Test
    void everyCombinationIsCheckedOnce() {
        List<String> seen = new ArrayList<>();
        PropertyRunner.forEachCombination("p", new long[][] {{1, 2}, {10}, {7, 8, 9}}, c -> {
            assertEquals(3, c.length);
            seen.add(c[0] + "," + c[1] + "," + c[2]);
        });
        assertEquals(List.of("1,10,7", "1,10,8", "1,10,9", "2,10,7", "2,10,8", "2,10,9"), seen);
    }

    @Test
    void failuresNameTheCaseOrTheSeed() {
        AssertionError edge = assertThrows(AssertionError.class, () -> PropertyRunner.forEachCombination(
                "sum is small", new long[][] {{0, 5}, {0, 5}}, c -> assertTrue(c[0] + c[1] < 10)));
        assertTrue(edge.getMessage().startsWith("sum is small failed on edge case [5, 5]: "), edge.getMessage());
        AssertionError listed = assertThrows(AssertionError.class, () -> PropertyRunner.forEach(
                "positive", List.of(3L, 1L, -2L), v -> assertTrue(v > 0)));
        assertTrue(listed.getMessage().startsWith("positive failed on edge case 2: -2: "), listed.getMessage());
        long[] failingSeed = new long[1];
        AssertionError random = assertThrows(AssertionError.class, () -> PropertyRunner.forAll(
                "never 7", 1L, 10_000, g -> {
                    failingSeed[0]++;
                    assertTrue(g.nextInt(10) != 7);
                }));
        assertTrue(random.getMessage().startsWith("never 7 failed on try " + (failingSeed[0] - 1) + " of 10000"),
                random.getMessage());
        // the seed in the message reproduces the failure
        String m = random.getMessage();
        long seed = Long.parseLong(m.substring(m.indexOf("once(") + 5, m.indexOf("L, ...)")));
        assertThrows(AssertionError.class, () -> PropertyRunner.once(seed, g -> assertTrue(g.nextInt(10) != 7)));
    }

    @Test
    void failuresNameTheGeneratedInput() {
        // values drawn through longIn/uniform/oneOf are listed in the order drawn
        long[] last = new long[2];
        AssertionError drawn = assertThrows(AssertionError.class, () -> PropertyRunner.forAll(
                "sum below 150", 3L, 10_000, g -> {
                    last[0] = PropertyRunner.uniform(g, 0, 100);
                    last[1] = PropertyRunner.longIn(g, 0, 100);
                    assertTrue(last[0] + last[1] < 150);
                }));
        assertTrue(drawn.getMessage().contains("; generated [" + last[0] + ", " + last[1] + "]: "), drawn.getMessage());
        assertTrue(last[0] + last[1] >= 150);
        // the generator form prints the input itself
        AssertionError input = assertThrows(AssertionError.class, () -> PropertyRunner.forAll(
                "no pair sums to 10", 5L, 10_000,
                g -> new long[] {g.nextLong(0, 11), g.nextLong(0, 11)},
                pair -> assertTrue(pair[0] + pair[1] != 10)));
        String m = input.getMessage();
        int at = m.indexOf("input [");
        assertTrue(at > 0, m);
        String[] pair = m.substring(at + 7, m.indexOf(']', at)).split(", ");
        assertEquals(10, Long.parseLong(pair[0]) + Long.parseLong(pair[1]), m);
        // outside forAll nothing is recorded, and nested forAll restores the outer record
        assertEquals(4, PropertyRunner.uniform(new SplittableRandom(1), 4, 4));
    }
}
