package dev.tsq.wire;

import dev.tsq.wire.internal.Utf8Check;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Metadata (TLV 253): UTF-8 key/value pairs, each key and value prefixed by a one-byte length, in the
 * canonical order the draft requires for signing: lexicographic by the key's UTF-8 bytes (unsigned),
 * pairs with equal keys keeping their given order. The constructor sorts; the decoder rejects
 * non-canonical order. The whole value fits one TLV (255 bytes).
 *
 * @param entries the pairs, in canonical order
 */
public record Metadata(List<Entry> entries) {

    /** One key/value pair. */
    public record Entry(String key, String value) {
        /**
         * A pair.
         *
         * @param key   the key, at most 255 UTF-8 bytes
         * @param value the value, at most 255 UTF-8 bytes
         * @throws NullPointerException     when the key or the value is null
         * @throws IllegalArgumentException when either is longer than 255 UTF-8 bytes
         */
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Utf8.check(key, 255, "metadata key");
            Utf8.check(value, 255, "metadata value '" + key + "'");
        }
    }

    /** Orders keys by their UTF-8 bytes, unsigned, as the draft's canonical form requires. */
    public static final Comparator<String> KEY_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /**
     * Sorts the pairs into canonical order and checks that they fit one TLV.
     *
     * @param entries the pairs, in canonical order
     * @throws IllegalArgumentException when the pairs take more than 255 bytes encoded
     */
    public Metadata {
        Objects.requireNonNull(entries, "entries");
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::key, KEY_ORDER));
        entries = List.copyOf(sorted);
        int len = encodedValueLength(entries);
        if (len > TlvType.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("metadata: " + len + " bytes encoded (expected: at most 255)");
        }
    }

    /**
     * From alternating keys and values: {@code Metadata.of("site", "us-east", "region", "1")}.
     *
     * @param keysAndValues keys and values, alternating
     * @return the metadata
     * @throws IllegalArgumentException when the count is odd or the pairs do not fit one TLV
     */
    public static Metadata of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keysAndValues: " + keysAndValues.length + " strings (expected: key/value pairs)");
        }
        List<Entry> list = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            list.add(new Entry(keysAndValues[i], keysAndValues[i + 1]));
        }
        return new Metadata(list);
    }

    /**
     * From a map (iteration order does not matter: entries are sorted).
     *
     * @param map the pairs
     * @return the metadata
     * @throws IllegalArgumentException when the pairs do not fit one TLV
     */
    public static Metadata of(Map<String, String> map) {
        List<Entry> list = new ArrayList<>();
        map.forEach((k, v) -> list.add(new Entry(k, v)));
        return new Metadata(list);
    }

    /**
     * The first value for {@code key}.
     *
     * @param key the key
     * @return its first value, or empty when absent
     */
    public Optional<String> get(String key) {
        return entries.stream().filter(e -> e.key().equals(key)).map(Entry::value).findFirst();
    }

    /**
     * The pairs as an ordered map (first value wins for repeated keys).
     *
     * @return the pairs, keys in canonical order
     */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        entries.forEach(e -> m.putIfAbsent(e.key(), e.value()));
        return m;
    }

    private static int encodedValueLength(List<Entry> entries) {
        int n = 0;
        for (int i = 0; i < entries.size(); i++) { // indexed: no Iterator on the encode path
            Entry e = entries.get(i);
            n += 2 + Utf8Check.length(e.key()) + Utf8Check.length(e.value());
        }
        return n;
    }

    /**
     * Length of the TLV value.
     *
     * @return the bytes of the encoded pairs
     */
    public int valueLength() {
        return encodedValueLength(entries);
    }

    /** Writes the canonical value bytes at {@code off}; returns the number written. Allocation-free for ASCII. */
    int writeValue(byte[] out, int off) {
        int p = off;
        for (int i = 0; i < entries.size(); i++) { // indexed: no Iterator on the encode path
            Entry e = entries.get(i);
            p = writeString(out, p, e.key());
            p = writeString(out, p, e.value());
        }
        return p - off;
    }

    private static int writeString(byte[] out, int p, String s) {
        int n = Utf8Check.write(s, out, p + 1);
        out[p] = (byte) n;
        return p + 1 + n;
    }

    /** Decodes a TLV value that {@link dev.tsq.wire.internal.TlvScanner} has already validated. */
    static Metadata parseValue(byte[] b, int off, int len) {
        List<Entry> list = new ArrayList<>();
        int p = off;
        int end = off + len;
        while (p < end) {
            int kl = b[p] & 0xFF;
            String key = new String(b, p + 1, kl, StandardCharsets.UTF_8);
            p += 1 + kl;
            int vl = b[p] & 0xFF;
            list.add(new Entry(key, new String(b, p + 1, vl, StandardCharsets.UTF_8)));
            p += 1 + vl;
        }
        return new Metadata(list);
    }
}
