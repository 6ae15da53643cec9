package dev.tsq.wire;

/**
 * Padding arithmetic (package helper). Padding is counted in wire bytes, headers included: one
 * TLV covers 2..257 bytes, so any total of 2 or more is reachable with one or more TLVs; a total of
 * 1 is not. {@link MessageCodec} splits a total into TLVs greedily, always leaving at least 2 for the last.
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
}
