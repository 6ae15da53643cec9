package dev.tsq.cli;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A tiny JSON object writer for the CLI's {@code --json} output: ordered keys, one object per line. */
final class Json {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    static Json object() {
        return new Json();
    }

    /** Adds a field; null values are written as JSON null. Numbers, booleans, strings, Json, collections and maps. */
    Json put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    /** Milliseconds from nanoseconds with microsecond precision (3 decimals). */
    static Double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        write(sb, this);
        return sb.toString();
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
                string(sb, e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Map<?, ?> m) {
            Json j = new Json();
            m.forEach((k, val) -> j.put(String.valueOf(k), val));
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
        } else if (v instanceof Double d) {
            sb.append(d.isNaN() || d.isInfinite() ? "null" : stripZeros(d));
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else {
            string(sb, v.toString());
        }
    }

    /** Six decimals at most, trailing zeros dropped ({@code 0.25}, {@code 3.0}); no Formatter or regex (cold cost). */
    private static String stripZeros(double d) {
        String s = java.math.BigDecimal.valueOf(d).setScale(6, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
        return s.indexOf('.') < 0 ? s + ".0" : s;
    }

    private static void string(StringBuilder sb, String s) {
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
