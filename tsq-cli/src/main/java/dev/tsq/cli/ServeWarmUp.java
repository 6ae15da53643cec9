package dev.tsq.cli;

import dev.tsq.auth.Keys;
import dev.tsq.auth.Signer;
import dev.tsq.auth.Verifier;
import dev.tsq.client.QueryMode;
import dev.tsq.client.TsqClient;
import dev.tsq.client.TsqSample;
import dev.tsq.client.TsqSeries;
import dev.tsq.exchange.TransportMode;
import dev.tsq.server.TsqServer;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * What {@code tsq serve} does before it prints {@code listening}: it makes this JVM ready to answer at warm
 * speed. A fresh JVM's first handshake and query run cold (about a hundred classes of the handshake and answer
 * path loaded and linked, record and lambda bootstraps, every method interpreted, BoringSSL's first use of the
 * signing key): measured 100-250 ms for the first handshake + query against 4 ms warm.
 *
 * <p>How: a <em>twin</em> server, built from the same builder as the real one (so the same ALPNs, datagram
 * setting, certificate type, limits, metadata, clock and signing algorithm), on {@code 127.0.0.1} port 0, gets
 * a few real QUIC handshakes and queries over loopback from an in-process {@link TsqClient}, in stream and
 * datagram mode, unsigned and (with a signer) signed; then the client and the twin are closed and only then is
 * {@code listening} printed. Classes, bootstraps and JIT-compiled code are per JVM, so the real server's first
 * handshake finds them warm.
 *
 * <p>Why a twin rather than queries against the real server: the warm-up then never shows up in the real
 * server's {@link TsqServer#counters()} or limit refusals, takes nothing from a real loopback client's
 * per-source rate-limit bucket or connection budget (with {@code --rate-limit 1} a warm-up against the real
 * port would have left a real client on 127.0.0.1 rate limited for a second), and cannot be confused with
 * client traffic in any metric. The twin signs with a throwaway key of the same algorithm (so the real key is
 * used by nothing else), its rate limit is on but out of reach (the limiter's path is the real one), and it
 * never takes real traffic: it is bound to an ephemeral loopback port that nobody is told.
 *
 * <p>Why here and not a {@code TsqServer} method: the warm-up needs a QUIC client, and tsq-server does not (and
 * should not) depend on tsq-client; an embedding application that wants the same can do what this class does.
 *
 * <p>Bounded: {@code rounds} rounds, each client checked against a deadline, every handshake and query under
 * {@link #OP_TIMEOUT}, and the first failed query ends the warm-up; so it takes at most the deadline plus one
 * client's timeouts (about 10 s), and about 0.3 s on a loaded 2-core VM when all goes well. A failure is reported,
 * not thrown: {@code serve} then warns and serves anyway, colder.
 */
final class ServeWarmUp {
    /** Per-operation bound of a warm-up client (handshake, and each query). */
    static final Duration OP_TIMEOUT = Duration.ofSeconds(2);

    /**
     * What the warm-up did.
     *
     * @param connections     handshakes that completed (one per warm-up client)
     * @param datagramQueries queries answered over datagrams
     * @param streamQueries   queries answered over streams
     * @param failures        queries that failed
     * @param firstFailure    the first failure's message, or null
     * @param nanos           how long it took, including the twin's start and close
     * @param cutShort        true when the deadline stopped it before every round ran
     */
    record Report(int connections, int datagramQueries, int streamQueries, int failures, String firstFailure,
                  long nanos, boolean cutShort) {
        /** Every round ran and every query was answered. */
        boolean ok() {
            return failures == 0 && !cutShort && connections > 0;
        }

        String summary() {
            return connections + " handshakes, " + datagramQueries + " datagram + " + streamQueries
                    + " stream queries in " + Math.round(nanos / 1e6) + " ms"
                    + (failures > 0 ? ", " + failures + " failed (" + firstFailure + ")" : "")
                    + (cutShort ? ", cut short by its deadline" : "");
        }
    }

    /** Which signing algorithm the real server uses (the twin signs with a throwaway key of the same kind). */
    enum Signing { NONE, ED25519, HMAC }

    private ServeWarmUp() {}

    /**
     * Turns {@code twin} (the real server's builder, after the real server was built from it) into the twin
     * and warms up against it: {@code rounds} rounds of one datagram client (when {@code datagrams}) and one
     * stream client, three queries each, every other round signed (with a signer) and asking for metadata and
     * Precision Mode. Stops early at {@code budget}. Never throws for a failed handshake or query.
     *
     * @param twin      the real server's builder; it is changed (address, port, threads, limits, signer)
     * @param datagrams whether the server serves datagrams
     * @param signing   the real server's signing algorithm
     * @param keyId     the real server's key id
     * @param rounds    rounds, at least 1
     * @param budget    the deadline of the whole warm-up
     * @return what happened
     */
    static Report run(TsqServer.Builder twin, boolean datagrams, Signing signing, int keyId, int rounds,
                      Duration budget) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        int connections = 0;
        int dgram = 0;
        int stream = 0;
        int failures = 0;
        String firstFailure = null;
        boolean cutShort = false;
        Verifier verifier = null;
        try {
            SecureRandom random = new SecureRandom();
            if (signing == Signing.ED25519) {
                KeyPair pair = Keys.generateEd25519();
                twin.signer(Signer.ed25519(keyId, pair.getPrivate()));
                verifier = Verifier.builder().ed25519(keyId, pair.getPublic()).build();
            } else if (signing == Signing.HMAC) {
                byte[] secret = new byte[32];
                random.nextBytes(secret);
                twin.signer(Signer.hmacSha256(keyId, secret));
                verifier = Verifier.builder().hmacSha256(keyId, secret).build();
            }
            // The limits keep their code paths (a limiter that is on, the per-source count) but are out of reach.
            twin.bindAddress("127.0.0.1").port(0).threads(1).rateLimit(1e6, 1_000_000).maxConnections(10_000)
                    .maxConnectionsPerSource(1_000);
            try (TsqServer server = twin.build().start()) {
                String address = "127.0.0.1:" + server.port();
                String pin = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(server.certificateChain().get(0).getEncoded()));
                QueryMode[] modes = datagrams ? new QueryMode[] {QueryMode.AUTO, QueryMode.STREAM}
                        : new QueryMode[] {QueryMode.STREAM};
                rounds:
                for (int round = 0; round < rounds; round++) {
                    boolean extras = round % 2 == 1;
                    for (QueryMode mode : modes) {
                        if (System.nanoTime() - deadline > 0) {
                            cutShort = true;
                            break rounds;
                        }
                        // The server's own ALPNs (--alpn may have narrowed or renamed them).
                        TsqClient.Builder cb = TsqClient.builder().server(address).pinSha256(pin).mode(mode)
                                .alpn(server.alpns().toArray(String[]::new))
                                .connectTimeout(OP_TIMEOUT).timeout(OP_TIMEOUT);
                        if (extras) {
                            cb.metadataQuery(true).precisionMode(true);
                            if (verifier != null) {
                                cb.requestSignature(verifier);
                            }
                        }
                        try (TsqClient client = cb.build()) {
                            TsqSeries s = client.query(address, 3);
                            if (s.ok() || s.alpn() != null) {
                                connections++;
                            }
                            for (TsqSample x : s.samples()) {
                                if (x.mode() == TransportMode.DATAGRAM) {
                                    dgram++;
                                } else {
                                    stream++;
                                }
                            }
                            failures += s.failures().size();
                            if (firstFailure == null && s.firstFailure() != null) {
                                firstFailure = String.valueOf(s.firstFailure().getMessage());
                            }
                        }
                        if (failures > 0) {
                            break rounds; // something is wrong (and waits on timeouts): report it, do not insist
                        }
                    }
                }
            }
        } catch (Exception e) {
            failures++;
            if (firstFailure == null) {
                firstFailure = e.toString();
            }
        }
        return new Report(connections, dgram, stream, failures, firstFailure, System.nanoTime() - start, cutShort);
    }
}
