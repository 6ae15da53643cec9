package dev.tsq.cli;

import java.util.Locale;

/** Human-readable numbers for the CLI. */
final class Fmt {
    private Fmt() {
    }

    /** Signed milliseconds with microsecond resolution: {@code +250.012 ms}. */
    static String signedMs(long nanos) {
        return String.format(Locale.ROOT, "%+.3f ms", nanos / 1e6);
    }

    /** Unsigned milliseconds: {@code 0.180 ms}. */
    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }
}
