package dev.tsq.server.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
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
 * Every use of BouncyCastle in tsq-server, which declares it optional: loaded only by {@link KeyMaterial} after
 * {@link KeyMaterial#requireBouncyCastle} found it on the class path.
 */
final class BouncyCastleKeys {
    private static final Logger LOG = LoggerFactory.getLogger(BouncyCastleKeys.class);

    private BouncyCastleKeys() {
    }

    record Generated(X509Certificate certificate, PrivateKey key) {
    }

    /** A PKCS#1 ('RSA PRIVATE KEY') or SEC1 ('EC PRIVATE KEY') PEM block, converted to a JDK key. */
    static PrivateKey readTraditional(Path file, String pemBlock) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (Reader reader = new StringReader(pemBlock); PEMParser parser = new PEMParser(reader)) {
            Object o = parser.readObject();
            if (o instanceof PEMKeyPair) {
                // the private part only: a SEC1 key may omit its optional public key
                PrivateKey key = converter.getPrivateKey(((PEMKeyPair) o).getPrivateKeyInfo());
                LOG.info("private key file {}: converted a {} key in its traditional format ({}) to PKCS#8",
                        file, key.getAlgorithm(), "RSA".equals(key.getAlgorithm()) ? "PKCS#1" : "SEC1");
                return key;
            }
            if (o instanceof PrivateKeyInfo) {
                return converter.getPrivateKey((PrivateKeyInfo) o);
            }
            if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                throw KeyMaterial.encrypted(file);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("private key file " + file + ": not a readable PEM private key: "
                    + e.getMessage(), e);
        }
        throw new IllegalArgumentException("private key file " + file + ": not a readable PEM private key");
    }

    /** See {@link KeyMaterial#selfSigned}. */
    static Generated selfSigned(List<String> extraNames) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = gen.generateKeyPair();
            Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
            names.addAll(extraNames);
            List<GeneralName> sans = new ArrayList<>();
            for (String n : names) {
                sans.add(KeyMaterial.isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n)
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
            return new Generated(cert, pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }
}
