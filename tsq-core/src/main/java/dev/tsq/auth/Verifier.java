package dev.tsq.auth;

import dev.tsq.wire.SignatureBlock;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;

/**
 * Verifies Signature Blocks against trusted keys, looked up by (algorithm, key id): several keys may be
 * trusted at once, which is how keys are rotated. Immutable and thread-safe.
 */
public final class Verifier {

    /** The outcome of a verification. */
    public enum Result {
        /** The signature is valid for a trusted key. */
        VALID,
        /** The signature does not match the signed bytes (tampered or wrong key). */
        INVALID,
        /** No trusted key has this algorithm and key id. */
        UNKNOWN_KEY,
        /** The algorithm id is not Ed25519 (1) or HMAC-SHA256 (2). */
        UNSUPPORTED_ALGORITHM
    }

    private static final Verifier NONE = new Verifier(Map.of());

    private final Map<Long, Object> keys;

    private Verifier(Map<Long, Object> keys) {
        this.keys = Map.copyOf(keys);
    }

    /**
     * A verifier that trusts no key: every signature is {@link Result#UNKNOWN_KEY}.
     *
     * @return the verifier
     */
    public static Verifier none() {
        return NONE;
    }

    /**
     * A builder with no trusted key yet.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * True when no key is trusted.
     *
     * @return true when empty
     */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /**
     * Number of trusted keys.
     *
     * @return the count
     */
    public int size() {
        return keys.size();
    }

    /**
     * Checks {@code signature} over {@code data[off, off+len)} with the key trusted for (algorithm, key id).
     *
     * @param algorithm the Signature Block's algorithm
     * @param keyId     its key id
     * @param data      the signed bytes
     * @param off       where they start
     * @param len       how many
     * @param signature the signature
     * @return {@link Result#VALID}, or what is wrong
     */
    public Result verify(int algorithm, int keyId, byte[] data, int off, int len, byte[] signature) {
        if (algorithm != SignatureBlock.ED25519 && algorithm != SignatureBlock.HMAC_SHA256) {
            return Result.UNSUPPORTED_ALGORITHM;
        }
        Object key = keys.get(slot(algorithm, keyId));
        if (key == null) {
            return Result.UNKNOWN_KEY;
        }
        try {
            if (key instanceof PublicKey pk) {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(pk);
                s.update(data, off, len);
                return signature.length == 64 && s.verify(signature) ? Result.VALID : Result.INVALID;
            }
            Mac mac = Keys.hmac((byte[]) key);
            mac.update(data, off, len);
            return MessageDigest.isEqual(mac.doFinal(), signature) ? Result.VALID : Result.INVALID;
        } catch (GeneralSecurityException e) {
            return Result.INVALID;
        }
    }

    /**
     * Checks a decoded Signature Block over {@code data[off, off+len)} (the bytes before the block).
     *
     * @param block the Signature Block
     * @param data  the message bytes
     * @param off   where the message starts
     * @param len   the bytes before the block
     * @return {@link Result#VALID}, or what is wrong
     */
    public Result verify(SignatureBlock block, byte[] data, int off, int len) {
        return verify(block.algorithm(), block.keyId(), data, off, len, block.signature());
    }

    private static long slot(int algorithm, int keyId) {
        return ((long) algorithm << 32) | (keyId & 0xFFFF_FFFFL);
    }

    /** Collects trusted keys; each method checks its argument. */
    public static final class Builder {
        private final Map<Long, Object> keys = new HashMap<>();

        private Builder() {
        }

        /**
         * Trusts an Ed25519 public key under {@code keyId}.
         *
         * @param keyId the key id the server signs with
         * @param key   the server's Ed25519 public key
         * @return this builder
         * @throws IllegalArgumentException when the key is not Ed25519 or the key id is already trusted
         */
        public Builder ed25519(int keyId, PublicKey key) {
            Objects.requireNonNull(key, "key");
            if (!"EdDSA".equals(key.getAlgorithm()) && !"Ed25519".equals(key.getAlgorithm())) {
                throw new IllegalArgumentException("key: " + key.getAlgorithm() + " (expected: an Ed25519 public key)");
            }
            put(SignatureBlock.ED25519, keyId, key);
            return this;
        }

        /**
         * Trusts an HMAC-SHA256 shared secret (at least 16 bytes) under {@code keyId}.
         *
         * @param keyId  the key id the server signs with
         * @param secret the shared secret (copied)
         * @return this builder
         * @throws IllegalArgumentException when the secret is too short or the key id is already trusted
         */
        public Builder hmacSha256(int keyId, byte[] secret) {
            put(SignatureBlock.HMAC_SHA256, keyId, Keys.checkHmacSecret(secret));
            return this;
        }

        private void put(int algorithm, int keyId, Object key) {
            if (keys.putIfAbsent(slot(algorithm, keyId), key) != null) {
                throw new IllegalArgumentException("keyId: " + Integer.toUnsignedString(keyId)
                        + " is already trusted for algorithm " + algorithm);
            }
        }

        /**
         * The verifier.
         *
         * @return a verifier of the keys collected so far
         */
        public Verifier build() {
            return keys.isEmpty() ? NONE : new Verifier(keys);
        }
    }
}
