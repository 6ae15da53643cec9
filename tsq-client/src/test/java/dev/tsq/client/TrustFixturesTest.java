package dev.tsq.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.client.internal.TrustManagers;
import dev.tsq.server.TsqServer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trust decisions against certificates made by OpenSSL, not by the code under test: a root CA, an intermediate,
 * a leaf valid until 2099, an expired leaf (2000–2001) and a not-yet-valid one (2098–2099), all for localhost,
 * 127.0.0.1 and ::1. The expected pins come from openssl too. Fixtures and the script that made them
 * ({@code gen.sh}, which states each command) are in src/test/resources/trust.
 */
class TrustFixturesTest {
    private static final Map<String, String[]> PINS = new HashMap<>();
    private static TsqServer chained;   // sends leaf + intermediate
    private static TsqServer leafOnly;  // sends the leaf without its intermediate
    private static TsqServer expired;
    private static TsqServer future;
    private static List<X509Certificate> root;
    private static List<X509Certificate> inter;

    static Path fixture(String name) {
        try {
            return Path.of(TrustFixturesTest.class.getResource("/trust/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("fixture trust/" + name + " missing", e);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        for (String line : Files.readAllLines(fixture("pins.txt"))) {
            String[] f = line.trim().split(" ");
            PINS.put(f[0], new String[] {f[1], f[2]});
        }
        root = TrustManagers.readPemBundle(fixture("root.pem"));
        inter = TrustManagers.readPemBundle(fixture("inter.pem"));
        chained = TsqServer.builder().bindAddress("127.0.0.1").port(0)
            .certificate(fixture("leaf-chain.pem"), fixture("leaf.key")).build().start();
        leafOnly = TsqServer.builder().bindAddress("127.0.0.1").port(0)
            .certificate(fixture("leaf.pem"), fixture("leaf.key")).build().start();
        expired = TsqServer.builder().bindAddress("127.0.0.1").port(0)
            .certificate(fixture("expired.pem"), fixture("expired.key")).build().start();
        future = TsqServer.builder().bindAddress("127.0.0.1").port(0)
            .certificate(fixture("future.pem"), fixture("future.key")).build().start();
    }

    @AfterAll
    static void stop() {
        for (TsqServer s : new TsqServer[] {chained, leafOnly, expired, future}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private static String at(TsqServer s) {
        return "127.0.0.1:" + s.port();
    }

    private static X509Certificate cert(String name) {
        return TrustManagers.readPemBundle(fixture(name + ".pem")).get(0);
    }

    @Test
    void pinsComputedByOpensslEqualThoseOfTheCode() {
        assertEquals(3, PINS.size(), PINS.keySet().toString());
        for (String name : List.of("leaf", "expired", "future")) {
            X509Certificate c = cert(name);
            assertEquals(PINS.get(name)[0], HexFormat.of().formatHex(TrustManagers.certificateSha256(c)),
                name + ": certificate SHA-256 (openssl x509 -outform DER | openssl dgst -sha256)");
            assertEquals(PINS.get(name)[1], Base64.getEncoder().encodeToString(TrustManagers.publicKeySha256(c)),
                name + ": SPKI SHA-256 (openssl x509 -pubkey | openssl pkey -pubin -outform DER | sha256 | base64)");
        }
    }

    /** A third, separate implementation agrees: the JDK's keytool prints the same certificate SHA-256. */
    @Test
    void keytoolPrintsTheSameCertificateFingerprint() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(keytool), "no keytool in " + keytool);
        for (String name : List.of("leaf", "expired", "future")) {
            Process p = new ProcessBuilder(keytool.toString(), "-printcert", "-file", fixture(name + ".pem").toString())
                .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "keytool finished");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("SHA256: ([0-9A-F:]{95})").matcher(out);
            assertTrue(m.find(), out);
            assertEquals(PINS.get(name)[0], m.group(1).replace(":", "").toLowerCase(java.util.Locale.ROOT), name);
        }
    }

    @Test
    void theServerSendsTheFixtureCertificate() {
        assertEquals(cert("leaf"), chained.certificateChain().get(0));
        assertEquals(2, chained.certificateChain().size());
        assertEquals(inter.get(0), chained.certificateChain().get(1));
    }

    @Test
    void opensslPinsAcceptTheRealServerAndRefuseAnother() {
        String certPin = "sha256:" + PINS.get("leaf")[0];
        String keyPin = "sha256/" + PINS.get("leaf")[1];
        for (String pin : List.of(certPin, keyPin)) {
            try (TsqClient c = TsqClient.builder().pinSha256(pin).build()) {
                assertNotNull(c.query(at(chained)), pin);
                HandshakeException e = assertThrows(HandshakeException.class, () -> c.query(at(expired)), pin);
                assertEquals(HandshakeException.Kind.CERTIFICATE, e.kind(), e.getMessage());
                assertTrue(e.getMessage().contains("matches no pin"), e.getMessage());
            }
        }
    }

    @Test
    void intermediateChainIsBuiltFromTheRootWhenTheServerSendsTheIntermediate() {
        try (TsqClient c = TsqClient.builder().trustCertificates(root).build()) {
            assertNotNull(c.query(at(chained)));
            assertNotNull(c.query("localhost:" + chained.port()), "the DNS name of the SAN");
            HandshakeException e = assertThrows(HandshakeException.class, () -> c.query(at(leafOnly)),
                "without the intermediate no path to the root exists");
            assertEquals(HandshakeException.Kind.CERTIFICATE, e.kind(), e.getMessage());
        }
        try (TsqClient c = TsqClient.builder().trustCertificates(inter).build()) {
            assertNotNull(c.query(at(leafOnly)), "the intermediate itself as the trust anchor");
        }
    }

    @Test
    void expiredAndNotYetValidCertificatesAreRefusedAsCertificateErrors() {
        try (TsqClient c = TsqClient.builder().trustCertificates(root).build()) {
            for (TsqServer s : List.of(expired, future)) {
                HandshakeException e = assertThrows(HandshakeException.class, () -> c.query(at(s)));
                assertEquals(HandshakeException.Kind.CERTIFICATE, e.kind(), e.getMessage());
                assertTrue(e.getMessage().contains(at(s)), e.getMessage());
            }
        }
        // the same certificates are accepted where validity is not checked, so the refusal above is the dates'
        try (TsqClient c = TsqClient.builder().insecure().build()) {
            assertNotNull(c.query(at(expired)));
            assertNotNull(c.query(at(future)));
        }
    }

    @Test
    void parsedPinIsTheOpensslDigest() {
        assertArrayEquals(HexFormat.of().parseHex(PINS.get("leaf")[0]),
            TrustManagers.parsePin("sha256:" + PINS.get("leaf")[0]));
        assertArrayEquals(Base64.getDecoder().decode(PINS.get("leaf")[1]),
            TrustManagers.parsePin("sha256/" + PINS.get("leaf")[1]));
    }
}
