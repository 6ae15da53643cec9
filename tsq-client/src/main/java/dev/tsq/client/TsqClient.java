package dev.tsq.client;

import dev.tsq.Alpn;
import dev.tsq.TsqException;
import dev.tsq.auth.Verifier;
import dev.tsq.client.internal.ClientEngine;
import dev.tsq.client.internal.Transport;
import dev.tsq.client.internal.TrustManagers;
import dev.tsq.exchange.ClientExchange;
import dev.tsq.sync.AnomalyBounds;
import dev.tsq.time.WallClock;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TSQ client: queries one or more servers over QUIC datagrams or streams.
 *
 * <pre>{@code
 * try (TsqClient client = TsqClient.builder().server("time.example.net").build()) {
 *     TsqSample s = client.query();
 *     System.out.printf("offset %.3f ms, delay %.3f ms%n", s.offsetMillis(), s.delayMillis());
 * }
 * }</pre>
 *
 * <p>One QUIC connection per server, opened on first use and reused by every query; any number of queries
 * may be in flight on it (matched by nonce). All network work runs on one event-loop thread owned by the
 * client; futures complete on that thread, so callbacks attached to them must not block. Blocking methods
 * must not be called from such a callback. {@link #close()} closes every connection and stops the thread.
 *
 * <p>Failures are {@link TsqException}s that say what happened: {@link HandshakeException} (certificate,
 * host name, ALPN), {@link UnreachableException}, {@link QueryTimeoutException},
 * {@link dev.tsq.exchange.ServerErrorException} (the server's Error TLV),
 * {@link dev.tsq.exchange.ResponseRejectedException} (e.g. nonce mismatch),
 * {@link dev.tsq.exchange.UnauthenticatedResponseException}, {@link dev.tsq.exchange.AnomalousSampleException}
 * and {@link DatagramsUnsupportedException}. {@link #queryAsync(String, int)} never throws: its
 * {@link TsqSeries} holds each failure as a {@link TsqFailure} value (kind, transport, connection).
 *
 * <p>{@link Builder#listener} hears connections, queries, demotions and unmatched datagrams as they happen;
 * {@link #counters()} returns their totals. Every per-query decision is made by core's sans-IO
 * {@link dev.tsq.session.SourceSession}, one per server; the client executes its actions over Netty QUIC.
 *
 * <h2>Resumption and 0-RTT</h2>
 * A full handshake proves the server's identity with a signature by its certificate's key, in the scheme that
 * key allows ({@code TsqServer}'s self-signed keys are ECDSA P-256: signing and checking cost tens of
 * microseconds, where an RSA-2048 signature costs the server about a millisecond). A server that sends a TLS
 * session ticket lets the next connection of this client to the same {@code host:port} resume: the certificate
 * exchange is skipped and {@link ConnectionInfo#resumed()} says so; {@link #disconnect(String)} then
 * {@link #connect(String)} is such a repeated run. Tickets live in this client's memory only (Netty's
 * per-context session cache, keyed by host and port as configured; each ticket is used once and only within
 * its lifetime) and die with it: they are not written to disk, since a ticket file would let whoever can write
 * it skip the certificate check of the next run. Resumption needs no new trust decision: the trust settings
 * are fixed when the client is built, so the session's first handshake was checked against exactly the
 * settings in force now, and only a holder of the issuing server's ticket key can accept the ticket. A
 * {@code TsqServer} restarted (with a new key or not) has a new ticket key, rejects old tickets and gets a full
 * handshake, checked like any first one: a client pinned to the old key refuses the new one.
 *
 * <p>Early data (0-RTT) stays off, on both sides. 0-RTT data is replayable by anyone on the path: the server
 * cannot tell a replay from the original, and a replayed time request is answered with a fresh T2/T3 that the
 * replayer can hold back and release late, or use to make the server answer many times (an amplifier and a
 * probe of its clock). TSQ's nonce binds a response to its request, not a request to a moment, so nothing at the
 * TSQ layer detects the replay; QUIC's and TLS's anti-replay defences are per server process at best. And the
 * gain would be small: 0-RTT saves one round trip of the first query on a resumed connection, while TSQ clients
 * keep connections open for many queries.
 */
public final class TsqClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TsqClient.class);

    /** ALPN identifiers offered by default, in order: the draft's, then the deployed reference's. */
    public static final List<String> DEFAULT_ALPNS = Alpn.DEFAULTS;

    private final List<ServerAddress> servers;
    private final EventLoopGroup group;
    private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Channel udp;
    private final ClientEngine engine;
    private final ConcurrentHashMap<ServerAddress, InetSocketAddress> resolved = new ConcurrentHashMap<>();
    private final QueryMode mode;
    private volatile boolean closed;

    private TsqClient(Builder b) {
        this.servers = List.copyOf(b.servers);
        this.mode = b.mode;
        ClientExchange.Builder ex = ClientExchange.builder()
                .precisionMode(b.precisionMode)
                .requestSignature(b.requestSignature)
                .metadataQuery(b.metadataQuery)
                .verifier(b.verifier);
        if (b.random != null) {
            ex.random(b.random);
        }
        if (b.anomalyBounds != null) {
            ex.anomalyBounds(b.anomalyBounds);
        }
        ClientExchange exchange = ex.build();
        ClientEngine.Settings settings = new ClientEngine.Settings(exchange, b.clock, b.mode, b.alpns,
                b.timeout.toNanos(), b.connectTimeout.toMillis(), b.datagramAttempts, b.datagramRetry.toNanos(),
                b.listener, b.kernelTimestamps);

        ClientEngine[] holder = new ClientEngine[1];
        TrustManagers.FailureSink sink = (sslEngine, kind, cause) -> holder[0].refused(sslEngine, kind, cause);
        X509ExtendedTrustManager tm;
        boolean checkHostname = b.hostnameVerification;
        switch (b.trust) {
            case PINS:
                tm = TrustManagers.pinned(b.pins, sink);
                checkHostname = false;
                break;
            case INSECURE:
                tm = TrustManagers.insecure();
                checkHostname = false;
                LOG.warn("TSQ client in INSECURE mode: server certificates are not verified, so anyone on the"
                        + " path can impersonate the server and forge the time");
                break;
            case CERTIFICATES:
                tm = TrustManagers.classifying(TrustManagers.certificates(b.trustedCertificates), sink);
                break;
            default:
                tm = TrustManagers.classifying(TrustManagers.system(), sink);
        }
        // Outermost: the engine learns which handshakes checked a certificate; the others were resumed.
        tm = TrustManagers.observed(tm, sslEngine -> holder[0].certificateChecked(sslEngine));
        QuicSslContext ssl = QuicSslContextBuilder.forClient()
                .trustManager(tm)
                .applicationProtocols(b.alpns.toArray(new String[0]))
                .endpointIdentificationAlgorithm(checkHostname ? "HTTPS" : null)
                // See the class documentation, "Resumption and 0-RTT".
                .earlyData(false)
                .build();
        engine = new ClientEngine(settings, ssl);
        holder[0] = engine;

        ChannelHandler codec = new QuicClientCodecBuilder()
                .sslEngineProvider(engine::newEngine)
                .maxIdleTimeout(b.idleTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .initialMaxData(4 << 20)
                .initialMaxStreamDataBidirectionalLocal(65_536)
                .initialMaxStreamDataBidirectionalRemote(0)
                .initialMaxStreamDataUnidirectional(0)
                .initialMaxStreamsBidirectional(0)
                .initialMaxStreamsUnidirectional(0)
                .datagram(1024, 1024)
                // Send each packet at once: T1 is stamped right before the write.
                .flushStrategy((packets, bytes) -> true)
                .build();

        Transport transport = Transport.best();
        group = transport.newGroup(1, "tsq-client", threads);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, b.socketBufferBytes)
                .option(ChannelOption.SO_SNDBUF, b.socketBufferBytes)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(engine.packetStamp(), codec);
                    }
                });
        List<InetAddress> locals = new ArrayList<>();
        if (b.localAddress != null) {
            locals.add(b.localAddress);
        } else {
            // The IPv6 wildcard is dual-stack on Linux (reaches IPv4 servers too); without IPv6, the IPv4 one.
            locals.add(new InetSocketAddress("::", 0).getAddress());
            locals.add(new InetSocketAddress("0.0.0.0", 0).getAddress());
        }
        Channel bound = null;
        Exception failure = null;
        for (InetAddress local : locals) {
            try {
                bound = bootstrap.bind(local, 0).sync().channel();
                break;
            } catch (Exception e) {
                failure = e;
            }
        }
        if (bound == null) {
            Transport.shutdown(group, threads);
            throw new TsqException("cannot open a UDP socket on " + locals + ": " + failure, failure);
        }
        udp = bound;
        engine.attach(udp);
    }

    /**
     * A builder with the defaults: the system's CAs, {@link QueryMode#AUTO}, ALPN {@code tsq} then {@code tsq/1}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The configured servers, in order.
     *
     * @return the servers as {@code host:port}
     */
    public List<String> servers() {
        List<String> out = new ArrayList<>(servers.size());
        for (ServerAddress a : servers) {
            out.add(a.toString());
        }
        return out;
    }

    /**
     * The transport mode of this client.
     *
     * @return the mode
     */
    public QueryMode mode() {
        return mode;
    }

    /**
     * The local UDP address all connections share.
     *
     * @return the bound address
     */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) udp.localAddress();
    }

    // ------------------------------------------------------------------------------------------ queries

    /**
     * Queries the first configured server once, blocking until the sample or the failure.
     *
     * @return the sample
     * @throws TsqException why the query failed (see the class documentation for the kinds)
     */
    public TsqSample query() {
        return await(queryAsync());
    }

    /**
     * Queries {@code server} ({@code host[:port]}, need not be configured) once, blocking.
     *
     * @param server the server
     * @return the sample
     * @throws TsqException why the query failed
     */
    public TsqSample query(String server) {
        return await(queryAsync(server));
    }

    /**
     * Queries the first configured server once.
     *
     * @return the sample's future; it completes exceptionally with a {@link TsqException}
     */
    public CompletableFuture<TsqSample> queryAsync() {
        return queryAsync(firstServer());
    }

    /**
     * Queries {@code server} once.
     *
     * @param server the server, {@code host[:port]}
     * @return the sample's future; it completes exceptionally with a {@link TsqException}
     */
    public CompletableFuture<TsqSample> queryAsync(String server) {
        return queryAsync(ServerAddress.parse(server));
    }

    private CompletableFuture<TsqSample> queryAsync(ServerAddress address) {
        CompletableFuture<TsqSample> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("client is closed"));
            return f;
        }
        start(address, (sample, failure) -> {
            if (sample != null) {
                f.complete(sample);
            } else {
                f.completeExceptionally(failure.exception());
            }
        });
        return f;
    }

    /** Starts one query; {@code done} runs on the event loop with the sample or the failure value. */
    private void start(ServerAddress address, ClientEngine.Completion done) {
        InetSocketAddress remote;
        try {
            remote = resolve(address);
        } catch (UnreachableException e) {
            engine.failedBeforeStart(address, e, done);
            return;
        }
        engine.query(address, remote, done);
    }

    /**
     * Queries {@code server} {@code count} times back to back (each query starts when the previous one
     * ends), blocking. Stops early after a handshake failure or when the server is unreachable.
     *
     * @param server the server, {@code host[:port]}
     * @param count  how many queries
     * @return every sample and every failure
     */
    public TsqSeries query(String server, int count) {
        return await(queryAsync(server, count));
    }

    /**
     * Like {@link #query(String, int)}, without blocking. The future never completes exceptionally.
     *
     * @param server the server, {@code host[:port]}
     * @param count  how many queries
     * @return the series' future
     */
    public CompletableFuture<TsqSeries> queryAsync(String server, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 1)");
        }
        ServerAddress address = ServerAddress.parse(server);
        CompletableFuture<TsqSeries> result = new CompletableFuture<>();
        List<TsqSample> samples = new ArrayList<>(count);
        List<TsqFailure> failures = new ArrayList<>();
        next(address, count, 0, samples, failures, result);
        return result;
    }

    private void next(ServerAddress address, int count, int done, List<TsqSample> samples,
                      List<TsqFailure> failures, CompletableFuture<TsqSeries> result) {
        ClientEngine.Completion completion = (sample, failure) -> {
            int attempted = done + 1;
            boolean stop = false;
            if (sample != null) {
                samples.add(sample);
            } else {
                failures.add(failure);
                TsqException e = failure.exception();
                stop = e instanceof HandshakeException || e instanceof UnreachableException
                        || e instanceof DatagramsUnsupportedException || closed;
            }
            if (attempted >= count || stop) {
                result.complete(TsqSeries.of(address.toString(), attempted, samples, failures));
            } else {
                next(address, count, attempted, samples, failures, result);
            }
        };
        if (closed) {
            completion.accept(null, TsqFailure.of(address.toString(), new TsqException("client is closed")));
            return;
        }
        try {
            start(address, completion);
        } catch (RuntimeException e) { // e.g. the event loop refused the task because the client closed
            completion.accept(null, TsqFailure.of(address.toString(), toTsq(e)));
        }
    }

    /** Any failure as a TsqException, never throwing (a series future must always complete normally). */
    private static TsqException toTsq(Throwable t) {
        if (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof TsqException ? (TsqException) t : new TsqException(String.valueOf(t.getMessage()), t);
    }

    /**
     * What this client has done so far: queries started, succeeded and failed, connections, demotions, unmatched
     * datagrams, the latest offset and round trip. A snapshot; any thread.
     *
     * @return the counters now
     */
    public ClientCounters counters() {
        return engine.counters();
    }

    /**
     * Queries every configured server {@code count} times (servers in parallel, each back to back), blocking.
     *
     * @param count queries per server
     * @return one series per server, in configured order
     */
    public List<TsqSeries> queryAll(int count) {
        if (servers.isEmpty()) {
            throw new IllegalStateException("no servers configured (expected: builder().server(...))");
        }
        List<CompletableFuture<TsqSeries>> futures = new ArrayList<>();
        for (ServerAddress a : servers) {
            futures.add(queryAsync(a.toString(), count));
        }
        List<TsqSeries> out = new ArrayList<>();
        for (CompletableFuture<TsqSeries> f : futures) {
            out.add(await(f));
        }
        return out;
    }

    /**
     * Opens (or reuses) the connection to {@code server} and reports it, blocking.
     *
     * @param server the server, {@code host[:port]}
     * @return the connection's ALPN, remote address, datagram support and handshake time
     * @throws TsqException when the connection cannot be made
     */
    public ConnectionInfo connect(String server) {
        return await(connectAsync(server));
    }

    /**
     * Opens (or reuses) the connection to {@code server}.
     *
     * @param server the server, {@code host[:port]}
     * @return the connection's future
     */
    public CompletableFuture<ConnectionInfo> connectAsync(String server) {
        ServerAddress address = ServerAddress.parse(server);
        CompletableFuture<ConnectionInfo> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("client is closed"));
            return f;
        }
        try {
            engine.connect(address, resolve(address), f);
        } catch (UnreachableException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    /**
     * Closes the connection to {@code server}, blocking until it is closed; does nothing when there is none.
     * Queries pending on it, and a handshake in flight, fail as on {@link #close()} (an
     * {@link UnreachableException}). The client forgets what it learned about the server's transport (e.g. a
     * demotion to streams), not the TLS tickets: the next query or {@link #connect(String)} opens a new connection,
     * which resumes the TLS session when the server sent a ticket (see the class documentation).
     *
     * @param server the server, {@code host[:port]}
     */
    public void disconnect(String server) {
        await(disconnectAsync(server));
    }

    /**
     * Like {@link #disconnect(String)}, without blocking.
     *
     * @param server the server, {@code host[:port]}
     * @return completes when the connection is closed (at once when there is none)
     */
    public CompletableFuture<Void> disconnectAsync(String server) {
        ServerAddress address = ServerAddress.parse(server);
        if (closed) {
            return CompletableFuture.completedFuture(null); // close() closed every connection
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        try {
            engine.disconnect(address, f);
        } catch (RuntimeException e) { // the event loop refused the task: the client is closing
            f.complete(null);
        }
        return f;
    }

    private String firstServer() {
        if (servers.isEmpty()) {
            throw new IllegalStateException("no servers configured (expected: builder().server(...), or"
                    + " query(String server))");
        }
        return servers.get(0).toString();
    }

    private InetSocketAddress resolve(ServerAddress a) {
        InetSocketAddress r = resolved.get(a);
        if (r != null) {
            return r;
        }
        try {
            r = new InetSocketAddress(InetAddress.getByName(a.host()), a.port());
        } catch (UnknownHostException e) {
            throw new UnreachableException("cannot resolve " + a.host() + ": " + e.getMessage(), e);
        }
        resolved.put(a, r);
        return r;
    }

    private <T> T await(CompletableFuture<T> f) {
        if (engine.loop().inEventLoop()) {
            throw new IllegalStateException("blocking TsqClient call on its own event loop (from a future's"
                    + " callback); use the async methods there");
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TsqException("interrupted while waiting for a TSQ response", e);
        } catch (ExecutionException e) {
            throw asTsq(e.getCause());
        }
    }

    private static TsqException asTsq(Throwable t) {
        if (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof TsqException) {
            return (TsqException) t;
        }
        if (t instanceof IllegalStateException) {
            throw (IllegalStateException) t;
        }
        return new TsqException(String.valueOf(t), t);
    }

    /** Closes every connection (pending queries fail), releases the UDP port and stops the thread. Idempotent. */
    @Override
    public void close() {
        if (engine.loop().inEventLoop()) {
            throw new IllegalStateException("TsqClient.close() called on its own event loop (from a future's"
                    + " callback); close it from another thread");
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            engine.shutdown().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("client shutdown: {}", e.toString());
        }
        udp.close().syncUninterruptibly();
        Transport.shutdown(group, threads);
    }

    @Override
    public String toString() {
        return "TsqClient" + servers() + "[" + mode.name().toLowerCase() + (closed ? ", closed]" : "]");
    }

    private enum TrustKind { SYSTEM, CERTIFICATES, PINS, INSECURE }

    /** Configures a {@link TsqClient}. Every setter checks its argument. */
    public static final class Builder {
        private final List<ServerAddress> servers = new ArrayList<>();
        private QueryMode mode = QueryMode.AUTO;
        private List<String> alpns = DEFAULT_ALPNS;
        private TrustKind trust = TrustKind.SYSTEM;
        private List<X509Certificate> trustedCertificates = List.of();
        private List<byte[]> pins = List.of();
        private boolean hostnameVerification = true;
        private boolean precisionMode;
        private boolean kernelTimestamps = true;
        private boolean requestSignature;
        private boolean metadataQuery;
        private Verifier verifier = Verifier.none();
        private AnomalyBounds anomalyBounds;
        private SecureRandom random;
        private WallClock clock = WallClock.SYSTEM;
        private Duration timeout = Duration.ofSeconds(3);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private int datagramAttempts = 3;
        private Duration datagramRetry = Duration.ofMillis(500);
        private int socketBufferBytes = 4 << 20;
        private InetAddress localAddress;
        private TsqClientListener listener = TsqClientListener.NONE;

        private Builder() {
        }

        /**
         * Adds servers as {@code host}, {@code host:port}, {@code [v6]:port} or {@code ::1} (port 443 by default).
         *
         * @param servers the servers
         * @return this builder
         */
        public Builder server(String... servers) {
            for (String s : servers) {
                this.servers.add(ServerAddress.parse(s));
            }
            return this;
        }

        /**
         * Adds servers.
         *
         * @param servers the servers
         * @return this builder
         */
        public Builder servers(List<String> servers) {
            return server(servers.toArray(new String[0]));
        }

        /**
         * Transport mode (default {@link QueryMode#AUTO}).
         *
         * @param mode the mode
         * @return this builder
         */
        public Builder mode(QueryMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * ALPN identifiers to offer, in order (default {@code tsq}, then {@code tsq/1}); pass one to offer only
         * that. The negotiated one is reported in every sample.
         *
         * @param protocols the identifiers, most preferred first
         * @return this builder
         */
        public Builder alpn(String... protocols) {
            this.alpns = Alpn.checked(protocols);
            return this;
        }

        /**
         * Trust the system's CA certificates (the default), with host name verification.
         *
         * @return this builder
         */
        public Builder trustSystemCas() {
            this.trust = TrustKind.SYSTEM;
            return this;
        }

        /**
         * Trust only the CA (or self-signed) certificates of a PEM bundle, with host name verification.
         *
         * @param caBundle a PEM file of CA certificates
         * @return this builder
         */
        public Builder trustPem(Path caBundle) {
            Objects.requireNonNull(caBundle, "caBundle");
            return trustCertificates(TrustManagers.readPemBundle(caBundle));
        }

        /**
         * Trust only these CA (or self-signed) certificates, with host name verification.
         *
         * @param cas the CA (or self-signed) certificates
         * @return this builder
         */
        public Builder trustCertificates(List<X509Certificate> cas) {
            Objects.requireNonNull(cas, "cas");
            if (cas.isEmpty()) {
                throw new IllegalArgumentException("trustCertificates: none (expected: at least one certificate)");
            }
            this.trustedCertificates = List.copyOf(cas);
            this.trust = TrustKind.CERTIFICATES;
            return this;
        }

        /**
         * Accept a server only if its certificate, or its certificate's public key, has one of these SHA-256
         * digests ({@code sha256:HEX} or {@code sha256/BASE64}). Replaces CA and host name checks.
         *
         * @param pins the pins, {@code sha256:HEX} or {@code sha256/BASE64}
         * @return this builder
         */
        public Builder pinSha256(String... pins) {
            if (pins.length == 0) {
                throw new IllegalArgumentException("pinSha256: none (expected: at least one pin)");
            }
            List<byte[]> list = new ArrayList<>();
            for (String p : pins) {
                list.add(TrustManagers.parsePin(Objects.requireNonNull(p, "pin")));
            }
            this.pins = List.copyOf(list);
            this.trust = TrustKind.PINS;
            return this;
        }

        /**
         * Accept any certificate. Logs a warning: anyone on the path can then forge the time.
         *
         * @return this builder
         */
        public Builder insecure() {
            this.trust = TrustKind.INSECURE;
            return this;
        }

        /**
         * Check that the certificate names the host we connect to (default true; not used with pins).
         *
         * @param on whether to verify
         * @return this builder
         */
        public Builder hostnameVerification(boolean on) {
            this.hostnameVerification = on;
            return this;
        }

        /**
         * Ask for Precision Mode (request padded so that request and response sizes are equal).
         *
         * @param on whether to ask
         * @return this builder
         */
        public Builder precisionMode(boolean on) {
            this.precisionMode = on;
            return this;
        }

        /**
         * Take T4 from the kernel's receive stamp of the response's packet where the platform gives one (default
         * true): with {@code tsq-clock-linux} on the class or module path on Linux, one {@code ioctl(SIOCGSTAMPNS)}
         * per response, so the event loop's wake-up and read path (tens of microseconds when busy, hundreds in
         * a cold JVM) stays out of the measured delay and offset. Without it, or when off, T4 is read when the
         * packet reaches the pipeline. A TSQ server built from this project stamps T2 the same way, so both
         * directions leave out the same path.
         *
         * @param on whether to use kernel receive stamps
         * @return this builder
         */
        public Builder kernelTimestamps(boolean on) {
            this.kernelTimestamps = on;
            return this;
        }

        /**
         * Ask for signed responses and reject any response whose signature is missing or does not verify with
         * one of {@code trustedKeys}.
         *
         * @param trustedKeys the keys a signature must verify with
         * @return this builder
         */
        public Builder requestSignature(Verifier trustedKeys) {
            this.verifier = Objects.requireNonNull(trustedKeys, "trustedKeys");
            if (trustedKeys.isEmpty()) {
                throw new IllegalArgumentException("requestSignature: no trusted keys (expected: a Verifier with"
                        + " at least one key)");
            }
            this.requestSignature = true;
            return this;
        }

        /**
         * Keys to verify signed responses with, without asking for signatures.
         *
         * @param trustedKeys the trusted keys
         * @return this builder
         */
        public Builder verifier(Verifier trustedKeys) {
            this.verifier = Objects.requireNonNull(trustedKeys, "trustedKeys");
            return this;
        }

        /**
         * Ask for the server's Metadata.
         *
         * @param on whether to ask
         * @return this builder
         */
        public Builder metadataQuery(boolean on) {
            this.metadataQuery = on;
            return this;
        }

        /**
         * Bounds for the timestamp anomaly checks (default: core's).
         *
         * @param bounds the bounds
         * @return this builder
         */
        public Builder anomalyBounds(AnomalyBounds bounds) {
            this.anomalyBounds = Objects.requireNonNull(bounds, "anomalyBounds");
            return this;
        }

        /**
         * Source of nonces (default a new {@link SecureRandom}).
         *
         * @param random the source of nonces
         * @return this builder
         */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * The clock T1 and T4 are read from (default {@link WallClock#SYSTEM}).
         *
         * @param clock the clock T1 and T4 are read from
         * @return this builder
         */
        public Builder clock(WallClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Deadline for one query, datagram retries and stream fallback included (default 3 s).
         *
         * @param timeout the per-query timeout
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /**
         * Deadline for a QUIC handshake (default 5 s).
         *
         * @param timeout the handshake timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            if (timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("connectTimeout: " + timeout + " (expected: < 24 days)");
            }
            return this;
        }

        /**
         * Close a connection after this long without traffic (default 30 s; the next query reconnects).
         *
         * @param timeout the idle timeout
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /**
         * Datagram mode: send a query at most {@code attempts} times (each a new request with a new nonce),
         * {@code interval} apart (default 3 attempts, 500 ms).
         *
         * @param attempts datagram attempts per query
         * @param interval time between attempts
         * @return this builder
         */
        public Builder datagramRetry(int attempts, Duration interval) {
            if (attempts < 1 || attempts > 100) {
                throw new IllegalArgumentException("datagramRetry: " + attempts + " attempts (expected: 1-100)");
            }
            this.datagramAttempts = attempts;
            this.datagramRetry = positive(interval, "datagramRetry interval");
            return this;
        }

        /**
         * UDP socket buffer sizes (default 4 MiB; the kernel may cap them).
         *
         * @param bytes the buffer size
         * @return this builder
         */
        public Builder socketBufferBytes(int bytes) {
            if (bytes < 65_536) {
                throw new IllegalArgumentException("socketBufferBytes: " + bytes + " (expected: >= 65536)");
            }
            this.socketBufferBytes = bytes;
            return this;
        }

        /**
         * Local address of the client's UDP socket (default: the wildcard address).
         *
         * @param address the local address to bind
         * @return this builder
         */
        public Builder localAddress(InetAddress address) {
            this.localAddress = Objects.requireNonNull(address, "localAddress");
            return this;
        }

        /**
         * Hears connections, queries, demotions and unmatched datagrams as they happen (default
         * {@link TsqClientListener#NONE}); called on the client's event loop, so it must not block.
         */
        public Builder listener(TsqClientListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
            }
            return d;
        }

        /**
         * Creates the client: its event-loop thread and UDP socket. Connections open on first use.
         *
         * @return the client
         */
        public TsqClient build() {
            dev.tsq.internal.QuicNatives.require(io.netty.handler.codec.quic.Quic.class, io.netty.handler.codec.quic.Quic::isAvailable, io.netty.handler.codec.quic.Quic::unavailabilityCause);
            return new TsqClient(this);
        }
    }
}
