package dev.tsq.auth;

import dev.tsq.TsqException;
import dev.tsq.wire.MessageCodec;
import dev.tsq.wire.SignatureBlock;
import dev.tsq.wire.TlvType;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Objects;
import javax.crypto.Mac;

/**
 * Signs TSQ responses (draft section 8): the Signature Block covers the exact bytes of every TLV before it.
 * Thread-safe: each thread gets its own JDK {@link Signature} or {@link Mac}.
 */
public final class Signer {
    private final int algorithm;
    private final int keyId;
    private final int signatureLength;
    private final ThreadLocal<Object> engine;

    private Signer(int algorithm, int keyId, int signatureLength, ThreadLocal<Object> engine) {
        this.algorithm = algorithm;
        this.keyId = keyId;
        this.signatureLength = signatureLength;
        this.engine = engine;
        engine.get(); // fail fast on a bad key
    }

    /**
     * Ed25519 (RFC 8032, the JDK's EdDSA) with an Ed25519 private key.
     *
     * @param keyId the key id put in every Signature Block (unsigned 32 bits)
     * @param key   the Ed25519 private key
     * @return the signer
     * @throws IllegalArgumentException when the key is not a usable Ed25519 private key
     */
    public static Signer ed25519(int keyId, PrivateKey key) {
        Objects.requireNonNull(key, "key");
        if (!"EdDSA".equals(key.getAlgorithm()) && !"Ed25519".equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("key: " + key.getAlgorithm() + " (expected: an Ed25519 private key)");
        }
        return new Signer(SignatureBlock.ED25519, keyId, 64, ThreadLocal.withInitial(() -> {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(key);
                return s;
            } catch (InvalidKeyException e) {
                throw new IllegalArgumentException("key: not a usable Ed25519 private key: " + e.getMessage(), e);
            } catch (GeneralSecurityException e) {
                throw new TsqException("Ed25519 is not available in this JDK", e);
            }
        }));
    }

    /**
     * HMAC-SHA256 (RFC 2104) with a shared secret of at least 16 bytes.
     *
     * @param keyId  the key id put in every Signature Block (unsigned 32 bits)
     * @param secret the shared secret (copied)
     * @return the signer
     * @throws IllegalArgumentException when the secret is shorter than 16 bytes
     */
    public static Signer hmacSha256(int keyId, byte[] secret) {
        byte[] key = Keys.checkHmacSecret(secret);
        return new Signer(SignatureBlock.HMAC_SHA256, keyId, 32, ThreadLocal.withInitial(() -> Keys.hmac(key)));
    }

    /**
     * The algorithm of the blocks it appends.
     *
     * @return {@link SignatureBlock#ED25519} or {@link SignatureBlock#HMAC_SHA256}
     */
    public int algorithm() {
        return algorithm;
    }

    /**
     * The key id of the blocks it appends.
     *
     * @return the key id, unsigned 32 bits
     */
    public int keyId() {
        return keyId;
    }

    /**
     * Signature bytes this signer produces (64 for Ed25519, 32 for HMAC-SHA256).
     *
     * @return 64 or 32
     */
    public int signatureLength() {
        return signatureLength;
    }

    /**
     * Wire bytes of the Signature Block TLV this signer appends.
     *
     * @return type and length bytes, the 7-byte block header and the signature
     */
    public int blockLength() {
        return TlvType.HEADER_BYTES + SignatureBlock.HEADER_BYTES + signatureLength;
    }

    /**
     * The raw signature of {@code data[off, off+len)}.
     *
     * @param data the bytes to sign
     * @param off  where they start
     * @param len  how many
     * @return the signature
     */
    public byte[] sign(byte[] data, int off, int len) {
        byte[] out = new byte[signatureLength];
        signInto(data, off, len, out, 0);
        return out;
    }

    /**
     * Appends a Signature Block covering {@code msg[off, off+len)} right after it, at {@code off+len}.
     *
     * @return the new message length ({@code len + blockLength()})
     * @throws IllegalArgumentException when the array has no room for the block
     * @param msg the message buffer, with room for the block after the message
     * @param off where the message starts
     * @param len the message's length
     */
    public int appendSignature(byte[] msg, int off, int len) {
        int p = off + len;
        if (msg.length - p < blockLength()) {
            throw new IllegalArgumentException("msg: no room for a " + blockLength() + "-byte Signature Block after "
                    + len + " bytes at offset " + off + " (array of " + msg.length + ")");
        }
        int v = MessageCodec.writeSignatureHeader(msg, p, algorithm, keyId, signatureLength);
        signInto(msg, off, len, msg, v);
        return len + blockLength();
    }

    private void signInto(byte[] data, int off, int len, byte[] out, int outOff) {
        Object e = engine.get();
        try {
            if (e instanceof Mac mac) {
                mac.update(data, off, len);
                mac.doFinal(out, outOff);
            } else {
                Signature s = (Signature) e;
                s.update(data, off, len);
                int n = s.sign(out, outOff, signatureLength);
                if (n != signatureLength) {
                    throw new TsqException("Ed25519 produced " + n + " bytes (expected 64)");
                }
            }
        } catch (GeneralSecurityException ex) {
            throw new TsqException("signing failed: " + ex.getMessage(), ex);
        }
    }

    @Override
    public String toString() {
        return "Signer[" + (algorithm == SignatureBlock.ED25519 ? "Ed25519" : "HMAC-SHA256")
                + ", keyId=" + Integer.toUnsignedString(keyId) + "]";
    }
}
