package dev.tsq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** T3's send-path lead ({@link SendDelayEstimator}) and kernel receive stamps carried to a clock. */
class SendTimingTest {
    @Test
    void settlesInTheLowerPartOfASteadyPath() {
        SplittableRandom rnd = new SplittableRandom(7);
        SendDelayEstimator e = new SendDelayEstimator(100_000);
        long[] seen = new long[5000];
        double meanOfLastThousand = 0;
        for (int i = 0; i < seen.length; i++) {
            long sample = 10_000 + rnd.nextLong(0, 2_000); // 10-12 us
            seen[i] = sample;
            e.record(sample);
            if (i >= seen.length - 1000) {
                meanOfLastThousand += e.estimateNanos() / 1000.0;
            }
        }
        Arrays.sort(seen);
        long p5 = seen[seen.length / 20];
        long median = seen[seen.length / 2];
        long p75 = seen[seen.length * 3 / 4];
        long est = e.estimateNanos();
        assertTrue(est >= p5 && est <= p75, "estimate " + est + " ns, p5 " + p5 + ", p75 " + p75);
        // On average it sits below the median (about the 41st percentile of a uniform path: it errs low).
        assertTrue(meanOfLastThousand < median, "mean estimate " + meanOfLastThousand + " ns, median " + median);
        assertEquals(seen.length, e.samples());
    }

    @Test
    void stallsRaiseItByAtMostTheRiseAndTooLongSamplesAreIgnored() {
        SendDelayEstimator e = new SendDelayEstimator(100_000);
        for (int i = 0; i < 2000; i++) {
            e.record(10_000);
        }
        long before = e.estimateNanos();
        assertEquals(10_000, before, 200);
        e.record(90_000); // one stall within the cap: the recent 10 us samples still cap the lead
        assertTrue(e.estimateNanos() <= 10_000, "capped: " + e.estimateNanos());
        for (int i = 1; i < SendDelayEstimator.RECENT; i++) {
            e.record(90_000); // a run of stalls: each raises the estimate by the rise and no more
        }
        long raised = before + SendDelayEstimator.RECENT * SendDelayEstimator.MAX_RISE_NANOS;
        assertEquals(raised, e.estimateNanos());
        e.record(5_000_000); // beyond the cap: not a send path
        e.record(-1);
        assertEquals(raised, e.estimateNanos());
        assertEquals(2000 + SendDelayEstimator.RECENT, e.samples());
    }

    @Test
    void followsAFasterPathQuicklySoTheLeadDoesNotOvershootTheDeparture() {
        SendDelayEstimator e = new SendDelayEstimator(100_000);
        for (int i = 0; i < 3000; i++) {
            e.record(80_000); // cold path
        }
        assertTrue(e.estimateNanos() > 70_000, "learned the cold path: " + e.estimateNanos());
        e.record(10_000); // JIT-compiled: 10 us
        assertEquals(10_000, e.estimateNanos(), "capped at once by the fastest recent sample");
        for (int i = 0; i < SendDelayEstimator.RECENT - 1; i++) {
            e.record(80_000); // a few slow ones again: the fast one still caps the lead
        }
        assertEquals(10_000, e.estimateNanos());
        e.record(80_000); // the fast sample has left the window: the running estimate (still high) shows again
        assertTrue(e.estimateNanos() > 10_000);
    }

    @Test
    void rejectsANonPositiveCap() {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> new SendDelayEstimator(0));
        assertEquals("maxNanos: 0 (expected: > 0)", x.getMessage());
    }

    @Test
    void packetTimesKeepThePipelineReadAndTheFirstFlushSinceAWriteBegan() {
        long[] now = {1_000};
        PacketTimes p = new PacketTimes(() -> now[0], false);
        assertTrue(p.socketPending());
        p.socket(-1); // no descriptor: pipeline stamps
        assertFalse(p.socketPending());
        now[0] = 2_000;
        p.packetRead();
        now[0] = 2_500;
        assertEquals(2_000, p.receiveNanos(), "the read's stamp, not the time asked");
        assertEquals(2_000, p.readNanos());
        p.beginWrite();
        assertFalse(p.flushedSinceWrite());
        now[0] = 3_000;
        p.flushing();
        now[0] = 3_700;
        p.flushing(); // a second flush in the same write keeps the first one's time
        assertTrue(p.flushedSinceWrite());
        assertEquals(3_000, p.firstFlushNanos());
        p.beginWrite();
        assertFalse(p.flushedSinceWrite());
    }

    @Test
    void kernelStampIsCarriedToTheCallersClockByThePacketsAge() {
        long system = 1_764_000_000_123_456_789L;
        // the system clock: the kernel's stamp itself
        assertEquals(system - 35_000, ReceiveTimestamps.onClock(system - 35_000, system, system));
        // a clock 250 ms ahead: its reading less the same 35 us of age
        long ahead = system + 250_000_000L;
        assertEquals(ahead - 35_000, ReceiveTimestamps.onClock(system - 35_000, ahead, system));
    }

    @Test
    void missingFutureOrStaleStampsFallBackToThePipelineStamp() {
        long now = 1_764_000_000_000_000_000L;
        assertEquals(now, ReceiveTimestamps.onClock(Long.MIN_VALUE, now, now));
        assertEquals(now, ReceiveTimestamps.onClock(now + 1, now, now));
        assertEquals(now, ReceiveTimestamps.onClock(now - ReceiveTimestamps.MAX_AGE_NANOS - 1, now, now));
        assertEquals(now - ReceiveTimestamps.MAX_AGE_NANOS,
                ReceiveTimestamps.onClock(now - ReceiveTimestamps.MAX_AGE_NANOS, now, now));
    }
}
