package dev.tsq.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one JSON writer of the CLI's {@code --json} output and the benchmarks' result line: one object on one line,
 * keys in insertion order (a key put twice keeps its place and takes the new value). Numbers that are NaN or
 * infinite become {@code null} (JSON has no NaN); doubles are written rounded, without exponent or trailing zeros.
 */
public final class Json {
    /** Decimals of a double put without an explicit count (and of {@link #millis} values). */
    private static final int DEFAULT_DECIMALS = 6;

    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** An empty object; the same as {@code new Json()}. */
    public static Json object() {
        return new Json();
    }

    /** An integer. */
    public Json put(String key, long value) {
        return field(key, value);
    }

    /** A number rounded to {@code decimals} places (trailing zeros removed); NaN and infinities give null. */
    public Json put(String key, double value, int decimals) {
        return field(key, new Rounded(value, decimals));
    }

    /** A boolean. */
    public Json put(String key, boolean value) {
        return field(key, value);
    }

    /** A string, or null. */
    public Json put(String key, String value) {
        return field(key, value);
    }

    /**
     * Any value: null, a number (doubles to {@value #DEFAULT_DECIMALS} decimals), a boolean, a nested {@code Json},
     * a collection (an array) or a map (an object); anything else is written as its {@code toString()} string.
     */
    public Json put(String key, Object value) {
        return field(key, value);
    }

    /** True when {@code key} has been put. */
    public boolean has(String key) {
        return fields.containsKey(key);
    }

    /** Nanoseconds as a number of milliseconds rounded to the microsecond (see {@link Fmt#millis}). */
    public static Double millis(long nanos) {
        return Fmt.millis(nanos);
    }

    private Json field(String key, Object value) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key: empty (expected: a name)");
        }
        fields.put(key, value);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        write(sb, this);
        return sb.toString();
    }

    /** A double with its own number of decimals. */
    private record Rounded(double value, int decimals) {
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Json j) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : j.fields.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Map<?, ?> m) {
            Json j = new Json();
            m.forEach((k, val) -> j.field(String.valueOf(k), val));
            write(sb, j);
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else if (v instanceof Rounded r) {
            sb.append(number(r.value(), r.decimals()));
        } else if (v instanceof Double || v instanceof Float) {
            sb.append(number(((Number) v).doubleValue(), DEFAULT_DECIMALS));
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else {
            quote(sb, v.toString());
        }
    }

    /**
     * {@code value} rounded half up to at most {@code decimals} places, trailing zeros dropped; no Formatter or
     * regex, whose cold start costs a one-shot process about 10 ms.
     */
    private static String number(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null";
        }
        String s = java.math.BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
