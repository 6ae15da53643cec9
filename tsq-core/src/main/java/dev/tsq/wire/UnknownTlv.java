package dev.tsq.wire;

import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * A TLV of a type this implementation does not know (draft 6.3.1: skipped, not an error), kept so the
 * caller can still see it. Immutable: the value is copied in and out.
 */
public final class UnknownTlv {
    private final int type;
    private final byte[] value;

    /**
     * A TLV of an unassigned type.
     *
     * @param type  the type, an unassigned one (4-246)
     * @param value the value bytes, 0-255 of them (copied)
     * @throws IllegalArgumentException when the type is assigned or out of range, or the value too long
     */
    public UnknownTlv(int type, byte[] value) {
        if (type < 1 || type > 255 || TlvType.isKnown(type)) {
            throw new IllegalArgumentException("type: " + type + " (expected: an unassigned type 4-246)");
        }
        if (value == null || value.length > TlvType.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("value: " + (value == null ? "null" : value.length + " bytes") + " (expected: 0-255 bytes)");
        }
        this.type = type;
        this.value = value.clone();
    }

    /**
     * The TLV type.
     *
     * @return the type, 4-246
     */
    public int type() {
        return type;
    }

    /**
     * A copy of the value bytes.
     *
     * @return the value bytes
     */
    public byte[] value() {
        return value.clone();
    }

    /**
     * The value's length.
     *
     * @return the number of value bytes, 0-255
     */
    public int length() {
        return value.length;
    }

    void writeValue(byte[] out, int off) {
        System.arraycopy(value, 0, out, off, value.length);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof UnknownTlv u && u.type == type && Arrays.equals(u.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "UnknownTlv[type=" + type + ", value=" + HexFormat.of().formatHex(value) + "]";
    }
}
