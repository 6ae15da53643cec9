package dev.tsq.auth;

import dev.tsq.TsqException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Loading and making signing keys: Ed25519 keys from PEM (PKCS#8 private, X.509 SubjectPublicKeyInfo public)
 * or from raw 32-byte RFC 8032 seeds/public keys, and HMAC secrets from files (raw bytes, hex or base64).
 */
public final class Keys {
    /** DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows. */
    private static final byte[] PKCS8_ED25519_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    /** DER prefix of an X.509 Ed25519 public key; the 32-byte key follows. */
    private static final byte[] SPKI_ED25519_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    /** Shortest HMAC secret accepted. */
    public static final int MIN_HMAC_SECRET_BYTES = 16;

    private Keys() {
    }

    /**
     * A new random Ed25519 key pair.
     *
     * @return the pair
     */
    public static KeyPair generateEd25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new TsqException("Ed25519 is not available in this JDK", e);
        }
    }

    /**
     * The private key for a 32-byte RFC 8032 secret (seed).
     *
     * @param seed the 32-byte secret
     * @return the private key
     * @throws IllegalArgumentException when the seed is not 32 bytes
     */
    public static PrivateKey ed25519PrivateFromSeed(byte[] seed) {
        if (seed == null || seed.length != 32) {
            throw new IllegalArgumentException("seed: " + (seed == null ? "null" : seed.length + " bytes") + " (expected: 32 bytes)");
        }
        return ed25519Private(concat(PKCS8_ED25519_PREFIX, seed));
    }

    /**
     * The public key for 32 raw RFC 8032 public-key bytes.
     *
     * @param raw the 32 public-key bytes
     * @return the public key
     * @throws IllegalArgumentException when not 32 bytes or not a valid key
     */
    public static PublicKey ed25519PublicFromRaw(byte[] raw) {
        if (raw == null || raw.length != 32) {
            throw new IllegalArgumentException("public key: " + (raw == null ? "null" : raw.length + " bytes") + " (expected: 32 bytes)");
        }
        return ed25519Public(concat(SPKI_ED25519_PREFIX, raw));
    }

    /**
     * The 32 raw bytes of an Ed25519 public key (its X.509 encoding without the fixed prefix).
     *
     * @param key an Ed25519 public key
     * @return its 32 raw bytes
     * @throws IllegalArgumentException when it is not an Ed25519 key
     */
    public static byte[] ed25519RawPublic(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der.length != 44 || !Arrays.equals(der, 0, 12, SPKI_ED25519_PREFIX, 0, 12)) {
            throw new IllegalArgumentException("key: not an Ed25519 public key");
        }
        return Arrays.copyOfRange(der, 12, 44);
    }

    /**
     * The private key from a PEM "PRIVATE KEY" block (PKCS#8).
     *
     * @param pem PEM text
     * @return the private key
     * @throws IllegalArgumentException when there is no such block or it is not an Ed25519 key
     */
    public static PrivateKey ed25519PrivateFromPem(String pem) {
        return ed25519Private(pemBody(pem, "PRIVATE KEY"));
    }

    /**
     * The public key from a PEM "PUBLIC KEY" block (X.509 SubjectPublicKeyInfo).
     *
     * @param pem PEM text
     * @return the public key
     * @throws IllegalArgumentException when there is no such block or it is not an Ed25519 key
     */
    public static PublicKey ed25519PublicFromPem(String pem) {
        return ed25519Public(pemBody(pem, "PUBLIC KEY"));
    }

    /**
     * PEM text of a key: "PRIVATE KEY" (PKCS#8) for private keys, "PUBLIC KEY" for public ones.
     *
     * @param key the key
     * @return the PEM text, 64 base64 characters a line
     */
    public static String toPem(java.security.Key key) {
        String label = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END " + label + "-----\n";
    }

    /**
     * An HMAC secret from file contents: text that is all hex digits (even count) is hex, text that starts with
     * {@code base64:} is base64, anything else is taken as the raw bytes. Surrounding whitespace is ignored for text.
     *
     * @param contents the file's bytes
     * @return the secret
     * @throws IllegalArgumentException when it is shorter than the HMAC minimum
     */
    public static byte[] hmacSecretFromFile(byte[] contents) {
        String text = new String(contents, StandardCharsets.UTF_8).strip();
        byte[] secret;
        if (text.startsWith("base64:")) {
            secret = Base64.getDecoder().decode(text.substring(7).strip());
        } else if (!text.isEmpty() && text.length() % 2 == 0 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            secret = HexFormat.of().parseHex(text);
        } else {
            secret = contents.clone();
        }
        return checkHmacSecret(secret);
    }

    static byte[] checkHmacSecret(byte[] secret) {
        if (secret == null || secret.length < MIN_HMAC_SECRET_BYTES) {
            throw new IllegalArgumentException("secret: " + (secret == null ? "null" : secret.length + " bytes")
                    + " (expected: at least " + MIN_HMAC_SECRET_BYTES + " bytes)");
        }
        return secret.clone();
    }

    static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("secret: not usable for HMAC-SHA256", e);
        } catch (GeneralSecurityException e) {
            throw new TsqException("HMAC-SHA256 is not available in this JDK", e);
        }
    }

    private static PrivateKey ed25519Private(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("key: not an Ed25519 PKCS#8 private key (" + e.getMessage() + ")", e);
        }
    }

    private static PublicKey ed25519Public(byte[] spki) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("key: not an Ed25519 public key (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] pemBody(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = pem == null ? -1 : pem.indexOf(begin);
        int e = b < 0 ? -1 : pem.indexOf(end, b);
        if (b < 0 || e < 0) {
            throw new IllegalArgumentException("pem: no '" + begin + "' block"
                    + (pem != null && pem.contains("-----BEGIN") ? " (found " + pem.substring(pem.indexOf("-----BEGIN")).lines().findFirst().orElse("") + ")" : ""));
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("pem: the " + label + " block is not valid base64", ex);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
