package dev.tsq.cli;

import dev.tsq.auth.Keys;
import dev.tsq.auth.Signer;
import dev.tsq.server.TsqServer;
import dev.tsq.time.WallClock;
import dev.tsq.wire.ClockQuality;
import dev.tsq.wire.Metadata;
import dev.tsq.wire.TimeSourceInfo;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tsq serve}: an embedded {@link TsqServer} until killed. It prints {@code listening on HOST:PORT} and the
 * certificate pin only once it is ready to answer at warm speed: after the port is bound, {@link ServeWarmUp}
 * runs a few loopback handshakes and queries against a private twin server (never against the real one, so
 * its counters and per-source limits see only real clients), bounded by {@link #WARM_UP_BUDGET}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve time over QUIC streams and datagrams until killed.")
final class ServeCommand implements Callable<Integer> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "0.0.0.0", description = "Address to bind. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--port", paramLabel = "P", defaultValue = "443", description = "UDP port (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    static final class CertOptions {
        @ArgGroup(exclusive = false)
        PemFiles pem;

        @Option(names = "--self-signed", required = true, description = "Generate a self-signed certificate (development).")
        boolean selfSigned;
    }

    static final class PemFiles {
        @Option(names = "--cert", required = true, paramLabel = "FILE", description = "Certificate chain (PEM, leaf first).")
        Path cert;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "Private key (PEM, PKCS#8; PKCS#1/SEC1 are converted).")
        Path key;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    CertOptions certs;

    @Option(names = "--write-cert", paramLabel = "FILE", description = "Write the certificate chain as PEM (for clients' --ca).")
    Path writeCert;

    @Option(names = "--sign-ed25519", paramLabel = "KEYFILE", description = "Sign responses that ask for it with this Ed25519 private key (PEM, PKCS#8).")
    Path signEd25519;

    @Option(names = "--sign-hmac", paramLabel = "KEYFILE", description = "Sign with HMAC-SHA256 and this shared secret (raw, hex or base64:...).")
    Path signHmac;

    @Option(names = "--key-id", paramLabel = "N", defaultValue = "1", description = "Key id of the signing key. Default: ${DEFAULT-VALUE}.")
    long keyId;

    @Option(names = "--clock-offset-ms", paramLabel = "MS", defaultValue = "0", description = "Serve this machine's time shifted by MS (tests and demos).")
    double clockOffsetMs;

    @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Metadata for clients that ask (repeatable).")
    Map<String, String> metadata = new LinkedHashMap<>();

    @Option(names = "--stratum", paramLabel = "N", description = "Send Time Source Info with this stratum.")
    Integer stratum;

    @Option(names = "--source-type", paramLabel = "N", defaultValue = "3", description = "Time Source Info type: 1 GPS, 2 PTP, 3 NTP, 4 manual, 5 unknown. Default: ${DEFAULT-VALUE}.")
    int sourceType;

    @Option(names = "--source-info", paramLabel = "TEXT", defaultValue = "", description = "Time Source Info text, e.g. the upstream server.")
    String sourceInfo;

    @Option(names = "--clock-class", paramLabel = "N", description = "Send Clock Quality Info with this class (0-5).")
    Integer clockClass;

    @Option(names = "--clock-error-us", paramLabel = "US", defaultValue = "0", description = "Clock Quality estimated error.")
    int clockErrorUs;

    @Option(names = "--clock-drift-ppb", paramLabel = "PPB", defaultValue = "0", description = "Clock Quality estimated drift.")
    int clockDriftPpb;

    @Option(names = "--clock-tag", paramLabel = "TEXT", defaultValue = "", description = "Clock Quality source class tag.")
    String clockTag;

    @Option(names = "--alpn", paramLabel = "ALPN", split = ",", description = "ALPNs to accept (default: tsq,tsq/1).")
    List<String> alpns;

    @Option(names = "--no-datagrams", description = "Serve streams only.")
    boolean noDatagrams;

    @Option(names = "--max-connections", paramLabel = "N", description = "Most concurrent connections (default 10000;"
            + " beyond it refused before TLS).")
    Integer maxConnections;

    @Option(names = "--max-connections-per-source", paramLabel = "N", description = "Most concurrent connections per"
            + " IPv4 address or IPv6 /64 (default 64; beyond it refused before TLS).")
    Integer maxConnectionsPerSource;

    @Option(names = "--handshake-timeout-ms", paramLabel = "MS", description = "Free a connection not established"
            + " within MS (default 5000).")
    Long handshakeTimeoutMs;

    @Option(names = "--retry-threshold", paramLabel = "N", description = "Validate addresses with Retry while at least"
            + " N connections are half-open (default 100).")
    Integer retryThreshold;

    @Option(names = "--always-retry", description = "Validate every client's address with Retry (one more round trip).")
    boolean alwaysRetry;

    @Option(names = "--stream-timeout-ms", paramLabel = "MS", description = "A request not complete within MS gets an"
            + " Error TLV and its stream is closed (default 3000).")
    Long streamTimeoutMs;

    @Option(names = "--max-streams", paramLabel = "N", description = "Concurrent request streams per connection"
            + " (default 4).")
    Integer maxStreams;

    @Option(names = "--query-idle-timeout-s", paramLabel = "S", description = "Close a connection that carried no query"
            + " for S seconds, PINGs or not (default 120).")
    Long queryIdleTimeoutS;

    @Option(names = "--signed-cost", paramLabel = "TOKENS", description = "Rate-limit tokens a signed request takes"
            + " (an unsigned one takes 1; default 20 for Ed25519, 2 for HMAC).")
    Double signedCost;

    @Option(names = "--rate-burst", paramLabel = "N", description = "Burst of the per-source rate limit (default 100,"
            + " or the --rate-limit QPS when that is given).")
    Integer rateBurst;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Event-loop threads sharing the port (SO_REUSEPORT, epoll). Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--rate-limit", paramLabel = "QPS", description = "Queries per second per source address (0: unlimited).")
    Double rateLimit;

    @Option(names = "--warm-up", paramLabel = "ROUNDS", defaultValue = "" + DEFAULT_WARM_UP_ROUNDS,
            description = "Before printing 'listening', warm this JVM up with ROUNDS rounds of loopback handshakes"
                    + " and queries (stream and datagram) against a private twin server, so that the first real"
                    + " query is answered at warm speed; never counted or rate-limited on the real server; 0: off."
                    + " Default: ${DEFAULT-VALUE}.")
    int warmUpRounds;

    /**
     * Rounds of the warm-up (see {@link ServeWarmUp}); each is one datagram and one stream connection. On JDK 25
     * with the launcher's cache, 1 round already brought the first query from ~150 ms to ~20 ms and more rounds
     * changed nothing measurable; on JDK 17 (CDS) 3-4 rounds did a little better than 2 (~25-35 ms against
     * ~35-45 ms), at ~0.1 s of start-up per round.
     */
    static final int DEFAULT_WARM_UP_ROUNDS = 3;
    /** The warm-up's deadline; past it {@code serve} announces itself anyway, with a warning. */
    static final Duration WARM_UP_BUDGET = Duration.ofSeconds(5);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TsqServer.Builder b = TsqServer.builder().bindAddress(bind).port(port);
        if (certs.selfSigned) {
            b.selfSigned();
        } else {
            b.certificate(certs.pem.cert, certs.pem.key);
        }
        if (clockOffsetMs != 0) {
            b.clock(WallClock.SYSTEM.offsetBy(Math.round(clockOffsetMs * 1e6)));
        }
        if (keyId < 0 || keyId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("--key-id: " + keyId + " (expected: 0-4294967295)");
        }
        if (signEd25519 != null && signHmac != null) {
            throw new IllegalArgumentException("--sign-ed25519 and --sign-hmac: choose one signing key");
        }
        if (signEd25519 != null) {
            b.signer(Signer.ed25519((int) keyId, Keys.ed25519PrivateFromPem(Files.readString(signEd25519))));
        } else if (signHmac != null) {
            b.signer(Signer.hmacSha256((int) keyId, Keys.hmacSecretFromFile(Files.readAllBytes(signHmac))));
        }
        if (!metadata.isEmpty()) {
            b.metadata(Metadata.of(metadata));
        }
        if (stratum != null) {
            b.timeSourceInfo(new TimeSourceInfo(stratum, sourceType, sourceInfo));
        }
        if (clockClass != null) {
            b.clockQuality(new ClockQuality(clockClass, clockErrorUs, clockDriftPpb, clockTag));
        }
        if (alpns != null) {
            b.alpn(alpns.toArray(String[]::new));
        }
        if (noDatagrams) {
            b.datagrams(false);
        }
        b.threads(threads);
        if (maxConnections != null) {
            b.maxConnections(maxConnections);
        }
        if (rateLimit != null) {
            if (rateLimit == 0) {
                b.noRateLimit();
            } else {
                b.rateLimit(rateLimit, rateBurst != null ? rateBurst : (int) Math.max(1, Math.ceil(rateLimit)));
            }
        } else if (rateBurst != null) {
            b.rateLimit(50, rateBurst);
        }
        if (maxConnectionsPerSource != null) {
            b.maxConnectionsPerSource(maxConnectionsPerSource);
        }
        if (handshakeTimeoutMs != null) {
            b.handshakeTimeout(Duration.ofMillis(handshakeTimeoutMs));
        }
        if (retryThreshold != null) {
            b.retryThreshold(retryThreshold);
        }
        b.alwaysRetry(alwaysRetry);
        if (streamTimeoutMs != null) {
            b.streamTimeout(Duration.ofMillis(streamTimeoutMs));
        }
        if (maxStreams != null) {
            b.maxStreams(maxStreams);
        }
        if (queryIdleTimeoutS != null) {
            b.queryIdleTimeout(Duration.ofSeconds(queryIdleTimeoutS));
        }
        if (signedCost != null) {
            b.signedRequestCost(signedCost);
        }
        if (warmUpRounds < 0 || warmUpRounds > 1000) {
            throw new IllegalArgumentException("--warm-up: " + warmUpRounds + " (expected: 0-1000)");
        }
        TsqServer server = b.build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "tsq-serve-shutdown"));
        List<X509Certificate> chain = server.certificateChain();
        if (writeCert != null) {
            Files.writeString(writeCert, toPem(chain), StandardCharsets.US_ASCII);
        }
        if (warmUpRounds > 0) {
            // Ready means ready: the first real query must not pay for this JVM's cold handshake path.
            ServeWarmUp.Signing signing = signEd25519 != null ? ServeWarmUp.Signing.ED25519
                    : signHmac != null ? ServeWarmUp.Signing.HMAC : ServeWarmUp.Signing.NONE;
            ServeWarmUp.Report w = ServeWarmUp.run(b, !noDatagrams, signing, (int) keyId, warmUpRounds, WARM_UP_BUDGET);
            if (!w.ok()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("tsq serve: warning: warm-up incomplete (" + w.summary() + "); serving anyway,"
                        + " the first queries may be slow");
                err.flush();
            } else {
                LOG.info("warm-up: {}", w.summary());
            }
        }
        String host = server.localAddress().getAddress().getHostAddress();
        out.println("listening on " + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port());
        out.println("certificate pin sha256:" + sha256(chain.get(0).getEncoded()));
        out.flush();
        stopped.await();
        return TsqCli.OK;
    }

    static String sha256(byte[] der) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }

    static String toPem(List<X509Certificate> chain) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : chain) {
            sb.append("-----BEGIN CERTIFICATE-----\n")
                    .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return sb.toString();
    }
}
