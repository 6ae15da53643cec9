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
        return (nanos < 0 ? "-" : "+") + fixed(Math.abs(nanos), 1_000_000, 3) + " ms";
    }

    /** Unsigned milliseconds: {@code 0.180 ms}. */
    public static String ms(long nanos) {
        return (nanos < 0 ? "-" : "") + fixed(Math.abs(nanos), 1_000_000, 3) + " ms";
    }

    /** Signed microseconds with 0.1 us resolution: {@code 14.2 us}. */
    public static String us(long nanos) {
        return (nanos < 0 ? "-" : "") + fixed(Math.abs(nanos), 1_000, 1) + " us";
    }

    /** Milliseconds with {@code decimals} decimals ({@code 5.69 ms}), or "-" for NaN (an empty measurement). */
    public static String ms(double millis, int decimals) {
        return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f ms", millis);
    }

    /**
     * {@code nanos / unit} rounded half up to {@code digits} decimals, without {@link String#format} (a cold
     * {@code Formatter} costs about 10 ms of a one-shot process's start-up).
     */
    public static String fixed(long nanos, long unit, int digits) {
        long scale = 1;
        for (int i = 0; i < digits; i++) {
            scale *= 10;
        }
        long step = unit / scale;
        long q = nanos == Long.MIN_VALUE ? Long.MAX_VALUE / step : (nanos + step / 2) / step;
        String frac = Long.toString(q % scale);
        StringBuilder sb = new StringBuilder().append(q / scale).append('.');
        for (int i = frac.length(); i < digits; i++) {
            sb.append('0');
        }
        return sb.append(frac).toString();
    }

    /**
     * {@code s} made safe for a terminal: control characters (C0, DEL, C1), the bidirectional overrides and
     * isolates, line and paragraph separators are written as escapes ({@code \n}, {@code \t}, {@code \r},
     * {@code \x1b}, {@code \u202e}), and a backslash as {@code \\}, so that a string a server supplied (metadata,
     * an error reason) can neither drive the terminal nor pass for other output. Null reads {@code null}.
     */
    public static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = replacement(c);
            if (rep != null && sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (sb != null) {
                sb.append(rep != null ? rep : String.valueOf(c));
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static String replacement(char c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '\\':
                return "\\\\";
            default:
                break;
        }
        if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
            return String.format(Locale.ROOT, "\\x%02x", (int) c);
        }
        if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029
                || c == 0x200e || c == 0x200f || c == 0x061c) {
            return String.format(Locale.ROOT, "\\u%04x", (int) c);
        }
        return null;
    }
}
