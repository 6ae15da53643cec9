package dev.tsq.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.client.internal.TrustManagers;
import dev.tsq.server.TsqServer;
import java.io.StringWriter;
import java.math.BigInteger;
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
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate trust, host names and pins, each refusal a clear HandshakeException. */
class TrustTest {
    static TsqServer loopback;  // self-signed for localhost, 127.0.0.1, ::1
    static TsqServer otherName; // certificate for time.example only
    static X509Certificate otherCert;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        loopback = TsqServer.builder().port(0).selfSigned().build().start();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        X500Name name = new X500Name("CN=time.example");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name,
                pair.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "time.example")));
        otherCert = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        otherName = TsqServer.builder().port(0).certificate(List.of(otherCert), pair.getPrivate()).build().start();
    }

    @AfterAll
    static void stop() {
        loopback.close();
        otherName.close();
    }

    private static String at(TsqServer s) {
        return "127.0.0.1:" + s.port();
    }

    @Test
    void untrustedCertificateIsACertificateHandshakeError() {
        try (TsqClient c = TsqClient.builder().build()) { // system CAs do not know a self-signed certificate
            HandshakeException e = assertThrows(HandshakeException.class, () -> c.query(at(loopback)));
            assertEquals(HandshakeException.Kind.CERTIFICATE, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains(at(loopback)), e.getMessage());
        }
    }

    @Test
    void certificateForAnotherNameIsAHostnameHandshakeError() {
        try (TsqClient c = TsqClient.builder().trustCertificates(List.of(otherCert)).build()) {
            HandshakeException e = assertThrows(HandshakeException.class, () -> c.query(at(otherName)));
            assertEquals(HandshakeException.Kind.HOSTNAME, e.kind(), e.getMessage());
        }
        try (TsqClient c = TsqClient.builder().trustCertificates(List.of(otherCert))
                .hostnameVerification(false).build()) {
            assertNotNull(c.query(at(otherName)), "accepted once host name checks are off");
        }
    }

    @Test
    void trustedCertificateMatchesIpAndNameSubjectAltNames() {
        try (TsqClient c = TsqClient.builder().trustCertificates(loopback.certificateChain()).build()) {
            assertNotNull(c.query(at(loopback)));
            assertNotNull(c.query("localhost:" + loopback.port()));
        }
    }

    @Test
    void pemCaBundleIsTrusted() throws Exception {
        Path pem = dir.resolve("ca.pem");
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(otherCert);
            pw.writeObject(loopback.certificateChain().get(0));
        }
        Files.writeString(pem, w.toString());
        try (TsqClient c = TsqClient.builder().trustPem(pem).build()) {
            assertNotNull(c.query(at(loopback)));
        }
        assertThrows(IllegalArgumentException.class, () -> TsqClient.builder().trustPem(dir.resolve("missing.pem")));
    }

    @Test
    void pinnedCertificateOrPublicKeyIsAcceptedAndAWrongPinRefused() throws Exception {
        // The expected pins come from the JDK's own MessageDigest over the DER encodings, not from TrustManagers
        // (TrustFixturesTest checks TrustManagers against pins computed by openssl).
        X509Certificate cert = loopback.certificateChain().get(0);
        String certPin = "sha256:" + HexFormat.of().formatHex(sha256(cert.getEncoded()));
        String keyPin = "sha256/" + Base64.getEncoder().encodeToString(sha256(cert.getPublicKey().getEncoded()));
        for (String pin : List.of(certPin, keyPin, certPin.toUpperCase().replace("SHA256:", "sha256:"))) {
            try (TsqClient c = TsqClient.builder().pinSha256(pin).build()) {
                assertNotNull(c.query(at(loopback)), pin);
            }
        }
        // A pin replaces the name check: the time.example certificate pinned is fine on 127.0.0.1.
        String otherPin = "sha256:" + HexFormat.of().formatHex(sha256(otherCert.getEncoded()));
        try (TsqClient c = TsqClient.builder().pinSha256(otherPin).build()) {
            assertNotNull(c.query(at(otherName)));
            HandshakeException e = assertThrows(HandshakeException.class, () -> c.query(at(loopback)));
            assertEquals(HandshakeException.Kind.CERTIFICATE, e.kind());
            assertTrue(e.getMessage().contains("matches no pin"), e.getMessage());
        }
    }

    @Test
    void insecureModeAcceptsAnyCertificate() {
        try (TsqClient c = TsqClient.builder().insecure().build()) {
            assertNotNull(c.query(at(otherName)));
            assertNotNull(c.query(at(loopback)));
        }
    }

    @Test
    void pinsParseInTheirForms() {
        byte[] d = new byte[32];
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) (0xab + 7 * i); // every byte different, so a shifted or truncated parse is seen
        }
        String hex = HexFormat.of().formatHex(d);
        assertArrayEquals(d, TrustManagers.parsePin(hex));
        assertArrayEquals(d, TrustManagers.parsePin("sha256:" + hex));
        assertArrayEquals(d, TrustManagers.parsePin("sha256:" + hex.toUpperCase(java.util.Locale.ROOT)));
        assertArrayEquals(d, TrustManagers.parsePin("sha256/" + Base64.getEncoder().encodeToString(d)));
        assertArrayEquals(d, TrustManagers.parsePin(hex.replaceAll("(..)(?!$)", "$1:")));
        assertThrows(IllegalArgumentException.class, () -> TrustManagers.parsePin("sha1:" + hex));
        assertThrows(IllegalArgumentException.class, () -> TrustManagers.parsePin("sha256:zz"));
        assertThrows(IllegalArgumentException.class, () -> TrustManagers.parsePin("sha256:" + hex.substring(2)),
            "31 bytes is not a SHA-256");
    }

    private static byte[] sha256(byte[] der) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(der);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
