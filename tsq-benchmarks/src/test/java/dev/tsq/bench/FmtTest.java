package dev.tsq.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Formatter-free number formatting prints what {@code String.format} printed before. */
class FmtTest {
    @Test
    void millisAndMicrosMatchTheFormatterTheyReplace() {
        long[] edges = {0, 1, -1, 499, 500, -500, 999, 1_000, 1_499_999, 1_500_000, -1_500_000, 250_012_345,
            -250_012_345, 86_400_000_000_000L, -86_400_000_000_000L};
        for (long n : edges) {
            check(n);
        }
        Random r = new Random(12);
        for (int i = 0; i < 20_000; i++) {
            check(r.nextLong() % 10_000_000_000L);
        }
    }

    private static void check(long n) {
        // BigDecimal: the exact decimal value, rounded half up like Formatter (no binary double in between)
        String ms = new java.math.BigDecimal(n).movePointLeft(6).setScale(3, java.math.RoundingMode.HALF_UP).abs()
                .toPlainString();
        String us = new java.math.BigDecimal(n).movePointLeft(3).setScale(1, java.math.RoundingMode.HALF_UP).abs()
                .toPlainString();
        assertEquals((n < 0 ? "-" : "+") + ms + " ms", Fmt.signedMs(n), () -> "signedMs " + n);
        assertEquals((n < 0 ? "-" : "") + ms + " ms", Fmt.ms(n), () -> "ms " + n);
        assertEquals((n < 0 ? "-" : "") + us + " us", Fmt.us(n), () -> "us " + n);
        if (Math.abs(n) < 1_000_000_000L && Math.abs(n) % 1_000 != 500) {
            // away from binary ties, the old Formatter output is the same
            assertEquals(String.format(Locale.ROOT, "%+.3f ms", n / 1e6).replace("-0.000", n < 0 ? "-0.000" : "+0.000"),
                    Fmt.signedMs(n), () -> "formatter " + n);
        }
    }
}
