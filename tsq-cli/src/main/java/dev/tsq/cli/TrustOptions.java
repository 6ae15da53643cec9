package dev.tsq.cli;

import dev.tsq.auth.Keys;
import dev.tsq.auth.Verifier;
import dev.tsq.client.QueryMode;
import dev.tsq.client.TsqClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Client options shared by {@code query} and {@code sync}: transport, trust, signatures. */
final class TrustOptions {
    static final class Trust {
        @Option(names = "--ca", paramLabel = "FILE", description = "Trust the CA certificates in this PEM bundle instead of the system CAs.")
        Path ca;

        @Option(names = "--pin", paramLabel = "sha256:HEX", description = "Accept only a server whose certificate or public key has this SHA-256 (repeatable).")
        List<String> pins;

        @Option(names = "--insecure", description = "Accept any certificate (logs a warning). For tests only.")
        boolean insecure;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Trust trust;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "auto",
            description = "datagram, stream or auto (datagrams when the server supports them). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--alpn", paramLabel = "ALPN", description = "Offer only this ALPN: tsq or tsq/1 (default: both, tsq first).")
    String alpn;

    @Option(names = "--no-hostname-check", description = "Do not check the certificate's names against the host.")
    boolean noHostnameCheck;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "1000", description = "Per-query timeout. Default: ${DEFAULT-VALUE}.")
    long timeoutMs;

    @Option(names = "--connect-timeout-ms", paramLabel = "MS", defaultValue = "2000",
            description = "QUIC handshake timeout per server. Default: ${DEFAULT-VALUE}.")
    long connectTimeoutMs;

    @Option(names = "--trust-ed25519", paramLabel = "PEMFILE", description = "Ed25519 public key (PEM) trusted for signed responses, key id from --key-id.")
    Path trustEd25519;

    @Option(names = "--trust-hmac", paramLabel = "KEYFILE", description = "HMAC-SHA256 secret (raw, hex or base64:...) trusted for signed responses.")
    Path trustHmac;

    @Option(names = "--key-id", paramLabel = "N", defaultValue = "1", description = "Key id of the trusted key(s). Default: ${DEFAULT-VALUE}.")
    long keyId;

    /** A client builder configured from these options. */
    TsqClient.Builder clientBuilder(List<String> servers, boolean signed) throws IOException {
        TsqClient.Builder b = TsqClient.builder().servers(servers).mode(parseMode(mode))
                .timeout(Duration.ofMillis(timeoutMs)).connectTimeout(Duration.ofMillis(connectTimeoutMs));
        if (alpn != null) {
            if (!alpn.equals("tsq") && !alpn.equals("tsq/1")) {
                throw new IllegalArgumentException("--alpn: " + alpn + " (expected: tsq or tsq/1)");
            }
            b.alpn(alpn);
        }
        if (trust != null && trust.ca != null) {
            b.trustPem(trust.ca);
        } else if (trust != null && trust.pins != null) {
            b.pinSha256(trust.pins.toArray(String[]::new));
        } else if (trust != null && trust.insecure) {
            b.insecure();
        }
        if (noHostnameCheck) {
            b.hostnameVerification(false);
        }
        Verifier verifier = verifier();
        if (signed) {
            if (verifier.isEmpty()) {
                throw new IllegalArgumentException("--signed needs a trusted key: --trust-ed25519 PEMFILE or --trust-hmac KEYFILE");
            }
            b.requestSignature(verifier);
        } else if (!verifier.isEmpty()) {
            b.verifier(verifier);
        }
        return b;
    }

    Verifier verifier() throws IOException {
        if (keyId < 0 || keyId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("--key-id: " + keyId + " (expected: 0-4294967295)");
        }
        Verifier.Builder v = Verifier.builder();
        if (trustEd25519 != null) {
            v.ed25519((int) keyId, Keys.ed25519PublicFromPem(Files.readString(trustEd25519)));
        }
        if (trustHmac != null) {
            v.hmacSha256((int) keyId, Keys.hmacSecretFromFile(Files.readAllBytes(trustHmac)));
        }
        return v.build();
    }

    static QueryMode parseMode(String mode) {
        return switch (mode.toLowerCase(java.util.Locale.ROOT)) {
            case "datagram" -> QueryMode.DATAGRAM;
            case "stream" -> QueryMode.STREAM;
            case "auto" -> QueryMode.AUTO;
            default -> throw new IllegalArgumentException("--mode: " + mode + " (expected: datagram, stream or auto)");
        };
    }
}
