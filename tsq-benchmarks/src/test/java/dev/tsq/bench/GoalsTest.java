package dev.tsq.bench;

import static dev.tsq.bench.Goals.Verdict.MISS;
import static dev.tsq.bench.Goals.Verdict.NOT_MEASURED;
import static dev.tsq.bench.Goals.Verdict.PASS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GoalsTest {

    @Test
    void rttFactorIsInclusive() {
        assertEquals(PASS, Goals.withinFactor(40, 20, 2.0));
        assertEquals(MISS, Goals.withinFactor(40.1, 20, 2.0));
        assertEquals(PASS, Goals.withinFactor(50, 20, 2.5));
        assertEquals(NOT_MEASURED, Goals.withinFactor(40, Double.NaN, 2.0));
    }

    @Test
    void offsetNeedsTheMedianAndBothTails() {
        assertEquals(PASS, Goals.offset(-50, 5, 50));
        assertEquals(PASS, Goals.offset(-50, -5, 50));
        assertEquals(MISS, Goals.offset(-50, 5.01, 50));
        assertEquals(MISS, Goals.offset(-50.1, 0, 10));
        assertEquals(MISS, Goals.offset(-10, 0, 50.1));
        assertEquals(NOT_MEASURED, Goals.offset(Double.NaN, 0, 1));
        assertEquals(PASS, Goals.exactOffset(-15, -2, 15));
        assertEquals(MISS, Goals.exactOffset(-15, 2.01, 15));
        assertEquals(MISS, Goals.exactOffset(-15.1, 0, 10));
        assertEquals(MISS, Goals.exactOffset(-10, 0, 15.1));
        assertEquals(NOT_MEASURED, Goals.exactOffset(0, Double.NaN, 1));
        assertEquals(PASS, Goals.atMost(1000, Goals.HANDSHAKE_P50_US));
        assertEquals(MISS, Goals.atMost(1000.1, Goals.HANDSHAKE_P50_US));
        assertEquals(NOT_MEASURED, Goals.atMost(Double.NaN, 1));
    }

    @Test
    void syncAtTenMillisecondsPasses() {
        assertEquals(PASS, Goals.sync(10));
        assertEquals(MISS, Goals.sync(10.001));
    }

    @Test
    void throughputMustReachFiftyThousandAndChronyd() {
        assertEquals(PASS, Goals.throughput(50_000, Double.NaN));
        assertEquals(MISS, Goals.throughput(49_999, Double.NaN));
        assertEquals(PASS, Goals.throughput(60_000, 60_000));
        assertEquals(MISS, Goals.throughput(60_000, 60_001));
        assertEquals(NOT_MEASURED, Goals.throughput(Double.NaN, 1));
    }

    @Test
    void zeroAllocationToleratesOnlyStrayBytes() {
        assertEquals(PASS, Goals.zeroAllocation(0));
        assertEquals(PASS, Goals.zeroAllocation(0.009));
        assertEquals(MISS, Goals.zeroAllocation(0.01));
        assertEquals(MISS, Goals.zeroAllocation(24));
        assertEquals("n/a", NOT_MEASURED.label());
    }
}
