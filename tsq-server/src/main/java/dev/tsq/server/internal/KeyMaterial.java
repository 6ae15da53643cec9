package dev.tsq.server.internal;

import dev.tsq.TsqException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's certificate chain and private key: read from PEM files, or generated (self-signed) for
 * development. Every failure is an {@link IllegalArgumentException} whose message names the file and
 * says what to do.
 *
 * <p>X.509 chains and PKCS#8 keys load with the JDK alone. BouncyCastle ({@code org.bouncycastle:bcpkix-jdk18on},
 * an optional dependency of tsq-server) is needed only for self-signed generation and for PKCS#1/SEC1 keys; its
 * code lives in {@link BouncyCastleKeys}, which is loaded only then, and its absence is reported by name.
 */
public final class KeyMaterial {
    /** The dependency to add for the features that need BouncyCastle. */
    public static final String BOUNCY_CASTLE = "org.bouncycastle:bcpkix-jdk18on";
    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private final List<X509Certificate> chain;
    private final PrivateKey key;

    private KeyMaterial(List<X509Certificate> chain, PrivateKey key) {
        this.chain = List.copyOf(chain);
        this.key = key;
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    public PrivateKey key() {
        return key;
    }

    /** Takes a chain (leaf first) and its private key, and checks that they belong together. */
    public static KeyMaterial of(List<X509Certificate> chain, PrivateKey key) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain: empty (expected: the server certificate first)");
        }
        checkMatches(chain.get(0), key, "the given private key");
        return new KeyMaterial(chain, key);
    }

    /**
     * Reads a PEM certificate chain (leaf first) and a PEM private key. Keys may be PKCS#8
     * ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY});
     * the latter two are converted. Encrypted keys are refused with a message saying how to decrypt them.
     */
    public static KeyMaterial fromPem(Path chainFile, Path keyFile) {
        List<X509Certificate> chain = readCertificates(chainFile);
        PrivateKey key = readPrivateKey(keyFile);
        checkMatches(chain.get(0), key, keyFile.toString());
        return new KeyMaterial(chain, key);
    }

    /** Reads every certificate in a PEM (or DER) file, in file order; at least one. */
    public static List<X509Certificate> readCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("certificate file " + file
                        + ": no certificate found (expected: PEM blocks 'BEGIN CERTIFICATE', server certificate first)");
            }
            return out;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("certificate file " + file + ": no such file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("certificate file " + file + ": cannot read: " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("certificate file " + file + ": not a valid X.509 certificate: "
                    + e.getMessage(), e);
        }
    }

    /** Reads the first private key in a PEM file (see {@link #fromPem}). */
    public static PrivateKey readPrivateKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("private key file " + file + ": no such file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("private key file " + file + ": cannot read: " + e.getMessage(), e);
        }
        if (text.contains("Proc-Type: 4,ENCRYPTED") || text.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw encrypted(file);
        }
        Matcher m = PEM_BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(file, decode(file, m.group(2)));
                case "RSA PRIVATE KEY":
                case "EC PRIVATE KEY":
                    requireBouncyCastle("private key file " + file + ": a " + ("RSA PRIVATE KEY".equals(type)
                            ? "PKCS#1" : "SEC1") + " '" + type + "' key", " or convert the key to PKCS#8 with"
                            + " 'openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem'");
                    return BouncyCastleKeys.readTraditional(file, m.group(0));
                default:
                    // Anything else (EC PARAMETERS before an EC key, a certificate in the same file) is skipped.
                    break;
            }
        }
        throw new IllegalArgumentException("private key file " + file + ": no private key found (expected: PEM"
                + " 'BEGIN PRIVATE KEY' (PKCS#8), 'BEGIN RSA PRIVATE KEY' (PKCS#1) or 'BEGIN EC PRIVATE KEY' (SEC1))");
    }

    private static byte[] decode(Path file, String base64) {
        try {
            return Base64.getMimeDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("private key file " + file + ": not a readable PEM private key: "
                    + e.getMessage(), e);
        }
    }

    /** A PKCS#8 key with the JDK's key factories: RSA, EC or Ed25519. */
    private static PrivateKey pkcs8(Path file, byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException("private key file " + file + ": not a readable PEM private key:"
                + " a PKCS#8 key that is not RSA, EC or Ed25519 (expected: RSA, EC or Ed25519)");
    }

    /**
     * Throws when BouncyCastle is not on the class path, naming the feature that needs it and the dependency.
     *
     * @param feature what needs it, e.g. "self-signed certificate generation"
     * @param alternative appended to the message (e.g. how to do without), or ""
     */
    static void requireBouncyCastle(String feature, String alternative) {
        if (!bouncyCastlePresent()) {
            throw new IllegalArgumentException(noBouncyCastle(feature, alternative));
        }
    }

    static String noBouncyCastle(String feature, String alternative) {
        return feature + " needs BouncyCastle, which is not on the class path: add the dependency " + BOUNCY_CASTLE
                + " (an optional dependency of tsq-server)" + alternative;
    }

    /** Whether BouncyCastle's PKIX classes can be loaded. */
    public static boolean bouncyCastlePresent() {
        try {
            Class.forName("org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder", false,
                    KeyMaterial.class.getClassLoader());
            Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider", false,
                    KeyMaterial.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static IllegalArgumentException encrypted(Path file) {
        return new IllegalArgumentException("private key file " + file + ": the key is encrypted, which is not"
                + " supported; decrypt it first, e.g. 'openssl pkey -in " + file + " -out key.pem'");
    }

    /** Signs a probe with the key and verifies it with the certificate's public key. */
    private static void checkMatches(X509Certificate leaf, PrivateKey key, String keyName) {
        PublicKey pub = leaf.getPublicKey();
        String alg = signatureAlgorithm(key);
        if (!key.getAlgorithm().equals(pub.getAlgorithm()) && !(alg.equals("Ed25519")
                && pub.getAlgorithm().equals("EdDSA"))) {
            throw mismatch(leaf, key, keyName);
        }
        try {
            byte[] probe = "tsq key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(probe);
            if (!v.verify(sig)) {
                throw mismatch(leaf, key, keyName);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(keyName + ": cannot use a " + key.getAlgorithm()
                    + " key with a " + pub.getAlgorithm() + " certificate: " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException mismatch(X509Certificate leaf, PrivateKey key, String keyName) {
        return new IllegalArgumentException(keyName + ": the " + key.getAlgorithm()
                + " private key does not belong to the certificate " + leaf.getSubjectX500Principal().getName()
                + " (its public key is " + leaf.getPublicKey().getAlgorithm() + " and differs)");
    }

    private static String signatureAlgorithm(PrivateKey key) {
        switch (key.getAlgorithm()) {
            case "RSA":
                return "SHA256withRSA";
            case "EC":
                return "SHA256withECDSA";
            case "Ed25519":
            case "EdDSA":
                return "Ed25519";
            default:
                throw new IllegalArgumentException("private key: unsupported algorithm " + key.getAlgorithm()
                        + " (expected: RSA, EC or Ed25519)");
        }
    }

    /**
     * Generates an ECDSA P-256 certificate signed by its own key, for development and tests. Its subject
     * alternative names are {@code localhost}, {@code 127.0.0.1}, {@code ::1} and the given extra names
     * (host names or IP literals). Valid from one hour ago for 90 days. Needs BouncyCastle: without it, a
     * {@link TsqException} names the dependency to add.
     */
    public static KeyMaterial selfSigned(List<String> extraNames) {
        if (!bouncyCastlePresent()) {
            throw new TsqException(noBouncyCastle("self-signed certificate generation (TsqServer.Builder.selfSigned,"
                    + " or no certificate given)", "; or give the server a certificate chain and a PKCS#8 key (no"
                    + " BouncyCastle needed)"));
        }
        BouncyCastleKeys.Generated g = BouncyCastleKeys.selfSigned(extraNames);
        return new KeyMaterial(List.of(g.certificate()), g.key());
    }

    /** Whether a name is an IP literal (IPv6 with ':' or dotted IPv4); no lookup happens. */
    static boolean isIpLiteral(String s) {
        if (s.indexOf(':') >= 0) {
            return true;
        }
        if (!s.matches("[0-9.]+")) {
            return false;
        }
        try {
            InetAddress.getByName(s); // a literal: no lookup happens
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
