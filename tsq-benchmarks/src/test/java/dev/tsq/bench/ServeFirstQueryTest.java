package dev.tsq.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServeFirstQueryTest {
    @Test
    void medianInMillisecondsOfOddEvenAndNoRounds() {
        assertEquals(2.0, ServeFirstQuery.median(new long[] {3_000_000, 1_000_000, 2_000_000}), 1e-9);
        assertEquals(2.5, ServeFirstQuery.median(new long[] {4_000_000, 1_000_000, 2_000_000, 3_000_000}), 1e-9);
        assertTrue(Double.isNaN(ServeFirstQuery.median(new long[0])));
    }

    @Test
    void theRowSummarySaysWhatWasMeasuredAndTheFirstFailure() {
        ServeFirstQuery.Result r = new ServeFirstQuery.Result(List.of(
                new ServeFirstQuery.Round(900_000_000L, 20_000_000L, 12_000_000L, 15_000_000L)), 1, "boom");
        String s = ServeFirstQuery.summary(r);
        assertTrue(s.startsWith("n=1 fresh `tsq serve`, failed 1;"), s);
        assertTrue(s.contains("2nd handshake+query p50 12.0 ms, stream 15.0 ms"), s);
        assertTrue(s.endsWith("first failure: boom"), s);
        assertEquals(5, ServeFirstQuery.rounds(true));
        assertTrue(ServeFirstQuery.rounds(false) >= 5);
    }
}
