package dev.tsq.wire;

import dev.tsq.wire.internal.Bytes;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * The 16-byte nonce that pairs a response with its request, held as two longs (big-endian halves)
 * so that it is cheap to compare, hash and use as a map key.
 */
public record Nonce(long hi, long lo) {
    /** Nonce length on the wire. */
    public static final int BYTES = 16;

    /**
     * A fresh nonce from {@code random} (pass a {@link java.security.SecureRandom}).
     *
     * @param random the source of the 16 bytes
     * @return the nonce
     */
    public static Nonce random(Random random) {
        byte[] b = new byte[BYTES];
        random.nextBytes(b); // one draw: a SecureRandom (NativePRNG) pays its lock and copy once, not twice
        return read(b, 0);
    }

    /**
     * Reads 16 bytes at {@code off}.
     *
     * @param buf the bytes
     * @param off where the nonce starts
     * @return the nonce
     * @throws IndexOutOfBoundsException when fewer than 16 bytes follow {@code off}
     */
    public static Nonce read(byte[] buf, int off) {
        return new Nonce(Bytes.getLong(buf, off), Bytes.getLong(buf, off + 8));
    }

    /**
     * From exactly 16 bytes.
     *
     * @param sixteen the nonce's bytes
     * @return the nonce
     * @throws IllegalArgumentException when the array does not hold exactly 16 bytes
     */
    public static Nonce of(byte[] sixteen) {
        if (sixteen == null || sixteen.length != BYTES) {
            throw new IllegalArgumentException("nonce: " + (sixteen == null ? "null" : sixteen.length + " bytes") + " (expected: 16 bytes)");
        }
        return read(sixteen, 0);
    }

    /**
     * The nonce of a message that starts with a well-formed 16-byte Nonce TLV ({@code 01 10} + 16 bytes),
     * or {@code null}. Used by transports to find the pending request a response answers.
     *
     * @param buf the message bytes (may be null)
     * @param off where the message starts
     * @param len the message's length
     * @return its nonce, or null when it does not start with a well-formed Nonce TLV
     */
    public static @Nullable Nonce peek(byte @Nullable [] buf, int off, int len) {
        if (buf == null || off < 0 || len < 18 || off > buf.length - 18) {
            return null;
        }
        if ((buf[off] & 0xFF) != TlvType.NONCE || (buf[off + 1] & 0xFF) != BYTES) {
            return null;
        }
        return read(buf, off + 2);
    }

    /**
     * Writes the 16 bytes at {@code off}.
     *
     * @param buf where to write
     * @param off the first byte written
     */
    public void write(byte[] buf, int off) {
        Bytes.putLong(buf, off, hi);
        Bytes.putLong(buf, off + 8, lo);
    }

    /**
     * True when the 16 bytes at {@code off} equal this nonce.
     *
     * @param buf the bytes
     * @param off where the 16 bytes start
     * @return true when they equal this nonce
     */
    public boolean matches(byte[] buf, int off) {
        return Bytes.getLong(buf, off) == hi && Bytes.getLong(buf, off + 8) == lo;
    }

    /**
     * A fresh copy of the 16 bytes.
     *
     * @return the 16 bytes, big-endian
     */
    public byte[] toBytes() {
        byte[] b = new byte[BYTES];
        write(b, 0);
        return b;
    }

    @Override
    public String toString() {
        return String.format("%016x%016x", hi, lo);
    }
}
