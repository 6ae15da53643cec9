package dev.tsq.wire;

import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Signature Block (TLV 255): algorithm (1 B), key id (4 B), signature length (2 B), signature bytes.
 * It is the last TLV and covers the exact bytes of every TLV before it. Immutable.
 */
public final class SignatureBlock {
    /** Algorithm 0x01: Ed25519 (RFC 8032), 64-byte signatures. */
    public static final int ED25519 = 0x01;
    /** Algorithm 0x02: HMAC-SHA256 (RFC 2104), 32-byte tags. */
    public static final int HMAC_SHA256 = 0x02;
    /** Bytes before the signature: algorithm, key id, length. */
    public static final int HEADER_BYTES = 7;
    /** Longest signature that fits the TLV's one-byte length. */
    public static final int MAX_SIGNATURE_BYTES = TlvType.MAX_VALUE_BYTES - HEADER_BYTES;

    private final int algorithm;
    private final int keyId;
    private final byte[] signature;

    /**
     * A Signature Block.
     *
     * @param algorithm the algorithm, 0-255 ({@link #ED25519}, {@link #HMAC_SHA256}; others are kept as received)
     * @param keyId     the key id, unsigned 32 bits
     * @param signature the signature bytes, at most {@value #MAX_SIGNATURE_BYTES} (copied)
     * @throws IllegalArgumentException when the algorithm does not fit a byte or the signature the TLV
     */
    public SignatureBlock(int algorithm, int keyId, byte[] signature) {
        if (algorithm < 0 || algorithm > 255) {
            throw new IllegalArgumentException("algorithm: " + algorithm + " (expected: 0-255)");
        }
        if (signature == null || signature.length > MAX_SIGNATURE_BYTES) {
            throw new IllegalArgumentException("signature: " + (signature == null ? "null" : signature.length + " bytes")
                    + " (expected: 0-" + MAX_SIGNATURE_BYTES + " bytes)");
        }
        this.algorithm = algorithm;
        this.keyId = keyId;
        this.signature = signature.clone();
    }

    /**
     * The algorithm.
     *
     * @return {@link #ED25519}, {@link #HMAC_SHA256} or another value as received
     */
    public int algorithm() {
        return algorithm;
    }

    /**
     * The key id, an unsigned 32-bit value held in an int (print with {@link Integer#toUnsignedString}).
     *
     * @return the key id
     */
    public int keyId() {
        return keyId;
    }

    /**
     * A copy of the signature bytes.
     *
     * @return the signature bytes
     */
    public byte[] signature() {
        return signature.clone();
    }

    /**
     * The signature's length.
     *
     * @return the number of signature bytes
     */
    public int signatureLength() {
        return signature.length;
    }

    /**
     * Length of the whole TLV on the wire.
     *
     * @return header, block header and signature bytes
     */
    public int tlvLength() {
        return TlvType.HEADER_BYTES + HEADER_BYTES + signature.length;
    }

    void writeSignature(byte[] out, int off) {
        System.arraycopy(signature, 0, out, off, signature.length);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof SignatureBlock s && s.algorithm == algorithm && s.keyId == keyId && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return (algorithm * 31 + keyId) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SignatureBlock[algorithm=" + algorithm + ", keyId=" + Integer.toUnsignedString(keyId)
                + ", signature=" + HexFormat.of().formatHex(signature) + "]";
    }
}
