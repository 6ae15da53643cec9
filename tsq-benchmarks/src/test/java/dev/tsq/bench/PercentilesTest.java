package dev.tsq.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOnSmallSets() {
        Percentiles p = Percentiles.of(4, 1, 3, 2);
        assertEquals(1, p.min());
        assertEquals(2, p.p50()); // rank ceil(0.5 * 4) = 2
        assertEquals(4, p.p99()); // rank ceil(0.99 * 4) = 4
        assertEquals(4, p.max());
        assertEquals(1, p.at(25));
        assertEquals(2, p.at(26)); // rank ceil(1.04) = 2
    }

    @Test
    void percentilesOfOneToThousandAreTheRanks() {
        long[] v = new long[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1000 - i; // reversed: sorting is the helper's job
        }
        Percentiles p = Percentiles.of(v);
        assertEquals(1, p.at(0));
        assertEquals(10, p.at(1));
        assertEquals(500, p.p50());
        assertEquals(990, p.p99());
        assertEquals(1000, p.at(100));
        assertEquals(0.5, p.micros(50));
        assertEquals(0.00099, p.millis(99), 1e-12);
    }

    @Test
    void onlyTheFirstCountValuesCountAndTheInputIsNotChanged() {
        long[] v = {9, 8, 7, 0, 0, 0};
        Percentiles p = Percentiles.of(v, 3);
        assertEquals(3, p.count());
        assertEquals(7, p.min());
        assertEquals(9, p.max());
        assertEquals(9, v[0]);
        assertEquals(8, v[1]);
    }

    @Test
    void negativeValuesSortBelowZero() {
        Percentiles p = Percentiles.of(-5, 3, -1, 0, 2);
        assertEquals(-5, p.min());
        assertEquals(0, p.p50());
    }

    @Test
    void emptyAndInvalidArguments() {
        Percentiles empty = Percentiles.of(new long[0]);
        assertTrue(empty.isEmpty());
        assertTrue(Double.isNaN(empty.micros(50)));
        assertThrows(IllegalStateException.class, empty::p50);
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(1, 2).at(101));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(1, 2).at(-0.1));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new long[2], 3));
    }
}
