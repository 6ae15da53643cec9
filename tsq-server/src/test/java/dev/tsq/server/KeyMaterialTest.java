package dev.tsq.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.server.internal.KeyMaterial;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM loading (PKCS#8, PKCS#1, SEC1, refusals) and self-signed generation. */
class KeyMaterialTest {
    @TempDir
    Path dir;

    private static String pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        }
        return w.toString();
    }

    private static X509Certificate rsaCertificate(KeyPair pair) throws Exception {
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.TEN,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), name,
                pair.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    }

    /** SEC1 "EC PRIVATE KEY" as openssl writes it: named curve, optionally the public key. */
    private static String sec1(KeyMaterial k, boolean withPublic) throws Exception {
        java.security.interfaces.ECPrivateKey priv = (java.security.interfaces.ECPrivateKey) k.key();
        org.bouncycastle.asn1.x9.X962Parameters params =
                new org.bouncycastle.asn1.x9.X962Parameters(org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1);
        org.bouncycastle.asn1.DERBitString pub = null;
        if (withPublic) {
            java.security.interfaces.ECPublicKey p = (java.security.interfaces.ECPublicKey) k.chain().get(0).getPublicKey();
            byte[] point = new byte[65];
            point[0] = 4;
            byte[] x = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, p.getW().getAffineX());
            byte[] y = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, p.getW().getAffineY());
            System.arraycopy(x, 0, point, 1, 32);
            System.arraycopy(y, 0, point, 33, 32);
            pub = new org.bouncycastle.asn1.DERBitString(point);
        }
        org.bouncycastle.asn1.sec.ECPrivateKey der =
                new org.bouncycastle.asn1.sec.ECPrivateKey(256, priv.getS(), pub, params);
        return pem(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", der.getEncoded()));
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void selfSignedNamesLoopbackAndExtraNames() throws Exception {
        KeyMaterial k = KeyMaterial.selfSigned(List.of("time.example", "192.0.2.7"));
        X509Certificate c = k.chain().get(0);
        List<String> sans = c.getSubjectAlternativeNames().stream().map(l -> l.get(1).toString()).toList();
        assertTrue(sans.containsAll(List.of("localhost", "127.0.0.1", "time.example", "192.0.2.7")), sans::toString);
        assertTrue(sans.stream().anyMatch(s -> s.startsWith("0:0:0:0:0:0:0:1")), sans::toString);
        c.checkValidity();
        c.verify(c.getPublicKey());
        assertEquals("EC", k.key().getAlgorithm());
        // ECDSA P-256 by default: the cheapest handshake signature (issue 12, point 5).
        assertEquals("SHA256withECDSA", c.getSigAlgName());
        assertEquals(256, ((java.security.interfaces.ECPublicKey) c.getPublicKey()).getParams().getCurve().getField()
                .getFieldSize());
    }

    @Test
    void readsPkcs8AndSec1EcKeys() throws Exception {
        KeyMaterial gen = KeyMaterial.selfSigned(List.of());
        Path chain = write("chain.pem", pem(gen.chain().get(0)));
        Path pkcs8 = write("pkcs8.pem", pem(new JcaPKCS8Generator(gen.key(), null)));
        Path sec1 = write("sec1.pem", sec1(gen, false));
        Path sec1WithPublic = write("sec1pub.pem", sec1(gen, true));
        assertTrue(Files.readString(pkcs8).contains("BEGIN PRIVATE KEY"));
        assertTrue(Files.readString(sec1).contains("BEGIN EC PRIVATE KEY"));
        assertArrayEquals(gen.key().getEncoded(), KeyMaterial.fromPem(chain, pkcs8).key().getEncoded());
        PrivateKey converted = KeyMaterial.fromPem(chain, sec1).key();
        assertEquals("EC", converted.getAlgorithm());
        assertEquals(gen.chain(), KeyMaterial.fromPem(chain, sec1).chain());
        assertEquals(((java.security.interfaces.ECPrivateKey) gen.key()).getS(),
                ((java.security.interfaces.ECPrivateKey) KeyMaterial.fromPem(chain, sec1WithPublic).key()).getS());
        assertEquals(((java.security.interfaces.ECPrivateKey) gen.key()).getS(),
                ((java.security.interfaces.ECPrivateKey) converted).getS());
    }

    @Test
    void convertsPkcs1RsaKeysAndServesWithThem() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        X509Certificate cert = rsaCertificate(pair);
        Path chain = write("rsa-chain.pem", pem(cert));
        Path pkcs1 = write("rsa.pem", pem(pair.getPrivate()));
        assertTrue(Files.readString(pkcs1).contains("BEGIN RSA PRIVATE KEY"));
        try (TsqServer server = TsqServer.builder().port(0).certificate(chain, pkcs1).build().start();
             RawQuicClient c = RawQuicClient.connect(
                     new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), "tsq")) {
            assertEquals("RSA", ((X509Certificate) c.channel().sslEngine().getSession().getPeerCertificates()[0])
                    .getPublicKey().getAlgorithm());
            assertEquals(38, c.stream(TsqServerTest.bareRequest(), true, Duration.ofSeconds(3)).bytes().length);
        }
    }

    @Test
    void refusesEncryptedKeysSayingHowToDecrypt() throws Exception {
        KeyMaterial gen = KeyMaterial.selfSigned(List.of());
        Path chain = write("chain.pem", pem(gen.chain().get(0)));
        Path enc = write("enc.pem", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyMaterial.fromPem(chain, enc));
        assertTrue(e.getMessage().contains("encrypted") && e.getMessage().contains("openssl pkey"), e.getMessage());
        Path legacy = write("legacy.pem", "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyMaterial.fromPem(chain, legacy))
                .getMessage().contains("encrypted"));
    }

    @Test
    void refusesAKeyThatDoesNotBelongToTheCertificate() throws Exception {
        KeyMaterial a = KeyMaterial.selfSigned(List.of());
        KeyMaterial b = KeyMaterial.selfSigned(List.of());
        Path chain = write("a.pem", pem(a.chain().get(0)));
        Path key = write("b.pem", pem(new JcaPKCS8Generator(b.key(), null)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyMaterial.fromPem(chain, key));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> TsqServer.builder().certificate(a.chain(), b.key()));
    }

    @Test
    void clearMessagesForMissingOrWrongFiles() throws Exception {
        Path missing = dir.resolve("nope.pem");
        KeyMaterial gen = KeyMaterial.selfSigned(List.of());
        Path chain = write("chain.pem", pem(gen.chain().get(0)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyMaterial.fromPem(missing, chain))
                .getMessage().contains("no such file"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyMaterial.fromPem(chain, missing))
                .getMessage().contains("no such file"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyMaterial.fromPem(chain, chain))
                .getMessage().contains("no private key found"));
        Path empty = write("empty.pem", "");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeyMaterial.fromPem(empty, chain))
                .getMessage().contains("no certificate"));
    }
}
