package dev.tsq.client.internal;

import dev.tsq.client.HandshakeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client's trust decisions, each able to say why it refused (certificate or host name).
 *
 * <h2>What PKIX costs a cold process ({@code tsq sync --ca})</h2>
 * Measured with {@code -Xlog:class+load} on JDK 25: building the in-memory key store and the
 * {@code TrustManagerFactory} is cheap next to the first chain check, which loads and parses the JDK's whole
 * {@code cacerts} ({@code sun.security.util.AnchorCertificates}, about 100 ms on a loaded 2-core VM). Two
 * things in the JDK ask for it: the {@code jdkCA} rule of {@code jdk.certpath.disabledAlgorithms}
 * ({@code SHA1 jdkCA & usage TLSServer}) and, independently, {@code X509TrustManagerImpl.checkIdentity}, which
 * asks whether the anchor is a public CA to decide how strictly wildcards are matched. Replacing the first with
 * the stricter {@code SHA1 usage TLSServer} was tried and removed the {@code jdkCA} constraint, but the host name
 * check still loads {@code cacerts}; avoiding that would mean checking host names ourselves instead of with the
 * JDK's {@code HostnameChecker}, which this class does not do: host name, expiry, chain and constraints stay the
 * JDK's. A pin ({@link #pinned}) avoids PKIX altogether and is the fast path.
 */
public final class TrustManagers {
    private TrustManagers() {
    }

    /** Told about each refusal, on the thread doing the handshake, before the handshake fails. */
    @FunctionalInterface
    public interface FailureSink {
        void refused(SSLEngine engine, HandshakeException.Kind kind, CertificateException cause);
    }

    /** Told that a certificate is about to be checked (so the handshake is a full one), on the handshake's thread. */
    @FunctionalInterface
    public interface CheckSink {
        void checking(SSLEngine engine);
    }

    /**
     * Tells {@code sink} about every server certificate check before {@code delegate} makes it. BoringSSL asks
     * the trust manager on every full handshake and never on a resumed one (the session carries the first
     * handshake's verdict), so a handshake that completes without this call was resumed.
     */
    public static X509ExtendedTrustManager observed(X509ExtendedTrustManager delegate, CheckSink sink) {
        return new ServerOnly() {
            @Override
            void check(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
                if (engine != null) {
                    sink.checking(engine);
                }
                delegate.checkServerTrusted(chain, authType, engine);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return delegate.getAcceptedIssuers();
            }
        };
    }

    /** The platform's default trust store (the system CAs). */
    public static X509ExtendedTrustManager system() {
        return fromKeyStore(null);
    }

    /** Trusts exactly the given CA (or self-signed) certificates. */
    public static X509ExtendedTrustManager certificates(List<X509Certificate> cas) {
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("trusted certificates: none (expected: at least one)");
        }
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : cas) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            return fromKeyStore(ks);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store: " + e.getMessage(), e);
        }
    }

    /** Reads every certificate of a PEM bundle. */
    public static List<X509Certificate> readPemBundle(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("CA file " + file + ": no certificate found (expected: PEM"
                        + " 'BEGIN CERTIFICATE' blocks)");
            }
            return out;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("CA file " + file + ": no such file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("CA file " + file + ": cannot read: " + e.getMessage(), e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("CA file " + file + ": not valid X.509 certificates: "
                    + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager fromKeyStore(KeyStore ks) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager) {
                    return (X509ExtendedTrustManager) tm;
                }
            }
            throw new IllegalStateException("no X509ExtendedTrustManager from " + tmf.getAlgorithm());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust manager: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a SHA-256 pin: {@code sha256:HEX}, {@code HEX} (64 digits, colons allowed) or
     * {@code sha256/BASE64} (the HPKP form).
     */
    public static byte[] parsePin(String pin) {
        String p = pin.trim();
        String lower = p.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("sha256/")) {
                byte[] b = Base64.getDecoder().decode(p.substring(7));
                if (b.length == 32) {
                    return b;
                }
            } else {
                String hex = (lower.startsWith("sha256:") ? lower.substring(7) : lower).replace(":", "");
                if (hex.length() == 64) {
                    return HexFormat.of().parseHex(hex);
                }
            }
        } catch (IllegalArgumentException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("pin: " + pin + " (expected: sha256:<64 hex digits> or"
                + " sha256/<base64>, the SHA-256 of the server certificate or of its public key)");
    }

    /** SHA-256 of the certificate's DER encoding. */
    public static byte[] certificateSha256(X509Certificate cert) {
        try {
            return sha256().digest(cert.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    /** SHA-256 of the certificate's SubjectPublicKeyInfo (DER). */
    public static byte[] publicKeySha256(X509Certificate cert) {
        return sha256().digest(cert.getPublicKey().getEncoded());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Accepts a server whose certificate (the leaf, whose key the handshake proves) has one of the pinned
     * SHA-256 digests, of the whole certificate or of its public key. No CA and no host name check: the
     * pin is the identity.
     */
    public static X509ExtendedTrustManager pinned(List<byte[]> pins, FailureSink sink) {
        List<byte[]> copy = List.copyOf(pins);
        return new ServerOnly() {
            @Override
            void check(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
                if (chain == null || chain.length == 0) {
                    throw fail(engine, new CertificateException("the server sent no certificate"));
                }
                byte[] cert = certificateSha256(chain[0]);
                byte[] spki = publicKeySha256(chain[0]);
                for (byte[] pin : copy) {
                    if (MessageDigest.isEqual(pin, cert) || MessageDigest.isEqual(pin, spki)) {
                        return;
                    }
                }
                throw fail(engine, new CertificateException("the server certificate matches no pin: its sha256 is "
                        + HexFormat.of().formatHex(cert) + ", its public key's sha256 is "
                        + HexFormat.of().formatHex(spki)));
            }

            private CertificateException fail(SSLEngine engine, CertificateException e) {
                sink.refused(engine, HandshakeException.Kind.CERTIFICATE, e);
                return e;
            }
        };
    }

    /** Accepts anything. Only for explicit insecure mode (the caller logs a warning). */
    public static X509ExtendedTrustManager insecure() {
        return new ServerOnly() {
            @Override
            void check(X509Certificate[] chain, String authType, SSLEngine engine) {
            }
        };
    }

    /**
     * Wraps a CA-based trust manager: on refusal, checks the chain again without the host name to tell a
     * certificate problem from a host name mismatch, and reports which to {@code sink}.
     */
    public static X509ExtendedTrustManager classifying(X509ExtendedTrustManager delegate, FailureSink sink) {
        return new ServerOnly() {
            @Override
            void check(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
                try {
                    delegate.checkServerTrusted(chain, authType, engine);
                } catch (CertificateException e) {
                    HandshakeException.Kind kind = HandshakeException.Kind.CERTIFICATE;
                    try {
                        delegate.checkServerTrusted(chain, authType); // no host name check
                        kind = HandshakeException.Kind.HOSTNAME;
                    } catch (CertificateException chainProblem) {
                        // the chain itself is not trusted
                    }
                    sink.refused(engine, kind, e);
                    throw e;
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return delegate.getAcceptedIssuers();
            }
        };
    }

    /** A trust manager for a client: every server check funnels into one method. */
    private abstract static class ServerOnly extends X509ExtendedTrustManager {
        abstract void check(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException;

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, authType, null);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, authType, null);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
