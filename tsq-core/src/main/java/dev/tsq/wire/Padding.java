package dev.tsq.wire;

/**
 * Padding arithmetic (package helper). Padding is counted in wire bytes, headers included: one
 * TLV covers 2..257 bytes, so any total of 2 or more is reachable with one or more TLVs; a total of
 * 1 is not. Encoding splits a total into TLVs greedily, always leaving at least 2 for the last.
 */
final class Padding {
    /** Most padding a message may carry (far beyond any real use; bounds encoder work). */
    static final int MAX_BYTES = dev.tsq.wire.internal.TlvScanner.MAX_PADDING_BYTES;

    private Padding() {
    }

    static void check(int paddingBytes) {
        if (paddingBytes < 0 || paddingBytes == 1 || paddingBytes > MAX_BYTES) {
            throw new IllegalArgumentException("paddingBytes: " + paddingBytes + " (expected: 0 or 2-" + MAX_BYTES + ")");
        }
    }

    /** Writes {@code total} bytes of Padding TLVs at {@code p}; returns the new position. Allocation-free. */
    static int write(byte[] out, int p, int total) {
        int left = total;
        while (left > 0) {
            int tlv = Math.min(left, TlvType.HEADER_BYTES + TlvType.MAX_VALUE_BYTES);
            if (left - tlv == 1) {
                tlv--;
            }
            int value = tlv - TlvType.HEADER_BYTES;
            out[p] = (byte) TlvType.PADDING;
            out[p + 1] = (byte) value;
            java.util.Arrays.fill(out, p + 2, p + tlv, (byte) 0);
            p += tlv;
            left -= tlv;
        }
        return p;
    }
}
