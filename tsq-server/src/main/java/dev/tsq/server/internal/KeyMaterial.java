package dev.tsq.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's certificate chain and private key: read from PEM files, or generated (self-signed) for
 * development. Every failure is an {@link IllegalArgumentException} whose message names the file and
 * says what to do.
 */
public final class KeyMaterial {
    private static final Logger LOG = LoggerFactory.getLogger(KeyMaterial.class);

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
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader reader = new java.io.StringReader(text); PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo) {
                    return converter.getPrivateKey((PrivateKeyInfo) o);
                }
                if (o instanceof PEMKeyPair) {
                    // the private part only: a SEC1 key may omit its optional public key
                    PrivateKey key = converter.getPrivateKey(((PEMKeyPair) o).getPrivateKeyInfo());
                    LOG.info("private key file {}: converted a {} key in its traditional format ({}) to PKCS#8",
                            file, key.getAlgorithm(), "RSA".equals(key.getAlgorithm()) ? "PKCS#1" : "SEC1");
                    return key;
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                    throw encrypted(file);
                }
                // Anything else (EC PARAMETERS before an EC key, a certificate in the same file) is skipped.
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("private key file " + file + ": not a readable PEM private key: "
                    + e.getMessage(), e);
        }
        throw new IllegalArgumentException("private key file " + file + ": no private key found (expected: PEM"
                + " 'BEGIN PRIVATE KEY' (PKCS#8), 'BEGIN RSA PRIVATE KEY' (PKCS#1) or 'BEGIN EC PRIVATE KEY' (SEC1))");
    }

    private static IllegalArgumentException encrypted(Path file) {
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
     * (host names or IP literals). Valid from one hour ago for 90 days.
     */
    public static KeyMaterial selfSigned(List<String> extraNames) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = gen.generateKeyPair();
            Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
            names.addAll(extraNames);
            List<GeneralName> sans = new ArrayList<>();
            for (String n : names) {
                sans.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n)
                        : new GeneralName(GeneralName.dNSName, n));
            }
            String cn = extraNames.isEmpty() ? "localhost" : extraNames.get(0);
            X500Name subject = new X500Name("CN=" + cn.replaceAll("[,+=\"\\\\<>;]", "_") + ",O=TSQ self-signed");
            Instant now = Instant.now();
            BigInteger serial = new BigInteger(63, new SecureRandom());
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial,
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(90))),
                    subject, pair.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(sans.toArray(new GeneralName[0])));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            X509CertificateHolder holder = b.build(signer);
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
            return new KeyMaterial(List.of(cert), pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static boolean isIpLiteral(String s) {
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
