package dev.tsq.examples;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates and PEM files for the examples' tests (BouncyCastle only here, to issue a certificate). */
final class TestPki {
    private TestPki() {
    }

    /** Writes {@code chain.pem} (an ECDSA P-256 certificate for 127.0.0.1) and {@code key.pem} (PKCS#8) into {@code dir}. */
    static Path[] writeCertificateAndKey(Path dir) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        X500Name name = new X500Name("CN=tsq-examples");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        Path chain = writeCertificates(dir.resolve("chain.pem"), List.of(cert));
        Path key = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        return new Path[] {chain, key};
    }

    /** Writes certificates as PEM (what a client's {@code trustPem} reads). */
    static Path writeCertificates(Path file, List<X509Certificate> certificates) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certificates) {
            sb.append(pem("CERTIFICATE", c.getEncoded()));
        }
        return Files.writeString(file, sb);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
