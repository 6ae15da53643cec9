package dev.tsq.bench;

import java.util.Locale;

/** The one millisecond formatter of the CLI and the benchmarks: nanoseconds (or milliseconds) as text and numbers. */
public final class Fmt {
    private Fmt() {
    }

    /** Nanoseconds as milliseconds rounded to the microsecond (3 decimals): what every {@code _ms} JSON field holds. */
    public static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    /** Signed milliseconds with microsecond resolution: {@code +250.012 ms}. */
    public static String signedMs(long nanos) {
        return String.format(Locale.ROOT, "%+.3f ms", nanos / 1e6);
    }

    /** Unsigned milliseconds with microsecond resolution: {@code 0.180 ms}. */
    public static String ms(long nanos) {
        return ms(nanos / 1e6, 3);
    }

    /** Milliseconds with {@code decimals} decimals ({@code 5.69 ms}), or "-" for NaN (an empty measurement). */
    public static String ms(double millis, int decimals) {
        return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f ms", millis);
    }
}
