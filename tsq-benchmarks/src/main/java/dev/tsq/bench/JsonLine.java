package dev.tsq.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One flat JSON object on one line, keys in insertion order. Numbers that are NaN or infinite become
 * {@code null} (JSON has no NaN); doubles are written with at most the given number of decimals, without
 * exponent.
 */
public final class JsonLine {
    private final Map<String, String> fields = new LinkedHashMap<>();

    public JsonLine put(String key, long value) {
        return raw(key, Long.toString(value));
    }

    /** A number rounded to {@code decimals} places (trailing zeros removed); NaN and infinities give null. */
    public JsonLine put(String key, double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return raw(key, "null");
        }
        String s = String.format(Locale.ROOT, "%." + decimals + "f", value);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1);
            }
        }
        if (s.equals("-0")) {
            s = "0";
        }
        return raw(key, s);
    }

    public JsonLine put(String key, boolean value) {
        return raw(key, Boolean.toString(value));
    }

    /** A string, or null. */
    public JsonLine put(String key, String value) {
        return raw(key, value == null ? "null" : quote(value));
    }

    public boolean has(String key) {
        return fields.containsKey(key);
    }

    private JsonLine raw(String key, String json) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key: empty (expected: a name)");
        }
        fields.put(key, json);
        return this;
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
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
        return sb.append('"').toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(quote(e.getKey())).append(':').append(e.getValue());
        }
        return sb.append('}').toString();
    }
}
