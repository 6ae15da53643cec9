package dev.tsq.server;

import dev.tsq.Alpn;
import dev.tsq.server.internal.ConnectionTracker;
import dev.tsq.server.internal.EngineConfig;
import dev.tsq.server.internal.KeyMaterial;
import dev.tsq.server.internal.RateLimiter;
import dev.tsq.server.internal.Responder;
import dev.tsq.server.internal.ServerEngine;
import dev.tsq.server.internal.ServerStats;
import dev.tsq.server.internal.Transport;
import dev.tsq.auth.Signer;
import dev.tsq.exchange.ServerExchange;
import dev.tsq.time.WallClock;
import dev.tsq.wire.ClockQuality;
import dev.tsq.wire.Metadata;
import dev.tsq.wire.TimeSourceInfo;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * An embeddable TSQ server: one UDP port on which QUIC connections negotiate ALPN {@code tsq} or
 * {@code tsq/1} and send time requests over streams and datagrams.
 *
 * <pre>{@code
 * try (TsqServer server = TsqServer.builder().port(0).selfSigned().build().start()) {
 *     System.out.println("listening on " + server.localAddress());
 *     ...
 * }
 * }</pre>
 *
 * <p>Performance: Netty's buffer leak detector (on by default, sampling) costs a large share of a query's
 * CPU; production servers should run with {@code -Dio.netty.leakDetection.level=disabled}, as {@code ./tsq} does.
 *
 * <p>One event-loop thread serves every connection (epoll when available, NIO otherwise). {@link #close()}
 * closes every connection, stops that thread and releases the port before it returns.
 */
public final class TsqServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TsqServer.class);

    /** ALPN identifiers accepted by default: the draft's, then the deployed reference's. */
    public static final List<String> DEFAULT_ALPNS = Alpn.DEFAULTS;
    /** The port TSQ uses by default. */
    public static final int DEFAULT_PORT = 443;

    private final Builder cfg;
    private final KeyMaterial keys;
    private final ServerStats stats;
    private final ServerExchange exchange;

    private enum State { NEW, RUNNING, CLOSED }

    private State state = State.NEW;
    private EventLoopGroup group;
    private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private InetSocketAddress localAddress;
    private volatile ConnectionTracker tracker;

    private TsqServer(Builder b) {
        this.cfg = b.copy();
        this.keys = b.keys != null ? b.keys : KeyMaterial.selfSigned(b.selfSignedNames);
        this.stats = new ServerStats(b.listener);
        // Built here, not in start(): core's builder checks the exchange options (e.g. alwaysSign without a
        // signer), so a bad configuration fails at build() with core's message.
        this.exchange = ServerExchange.builder()
                .clock(cfg.clock)
                .signer(cfg.signer)
                .alwaysSign(cfg.alwaysSign)
                .precisionMode(cfg.precisionMode)
                .maxRequestBytes(cfg.maxRequestBytes)
                .metadata(cfg.metadata)
                .clockQuality(cfg.clockQuality)
                .timeSourceInfo(cfg.timeSourceInfo)
                .listener(stats)
                .build();
    }

    /**
     * A builder with the defaults: loopback, port 443, ALPN {@code tsq} then {@code tsq/1}, datagrams on, 50 queries/s per source.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the port and starts answering. Returns when the port is bound.
     *
     * @throws TsqServerException when the port cannot be bound or TLS cannot be set up
     * @throws IllegalStateException when already started or closed
     * @return this server, running
     */
    public synchronized TsqServer start() {
        dev.tsq.internal.QuicNatives.require(io.netty.handler.codec.quic.Quic.class, io.netty.handler.codec.quic.Quic::isAvailable, io.netty.handler.codec.quic.Quic::unavailabilityCause);
        if (state != State.NEW) {
            throw new IllegalStateException("server is " + state.name().toLowerCase() + " (start() works once)");
        }
        Transport transport = Transport.best();
        QuicSslContext ssl;
        try {
            ssl = QuicSslContextBuilder
                    .forServer(keys.key(), null, keys.chain().toArray(new X509Certificate[0]))
                    .applicationProtocols(cfg.alpns.toArray(new String[0]))
                    .earlyData(false)
                    .build();
        } catch (RuntimeException e) {
            throw new TsqServerException("cannot set up TLS with the given certificate and key: " + e.getMessage(), e);
        }
        Responder responder = exchange::respond;
        RateLimiter limiter = cfg.ratePerSecond > 0
                ? new RateLimiter(cfg.ratePerSecond, cfg.rateBurst, cfg.rateLimitSources) : RateLimiter.unlimited();
        ConnectionTracker tracker = new ConnectionTracker();
        this.tracker = tracker;
        byte[] retryKey = new byte[32];
        new SecureRandom().nextBytes(retryKey);
        EngineConfig engineConfig = new EngineConfig(cfg.maxConnections, cfg.maxConnectionsPerSource,
                cfg.handshakeTimeout.toNanos(), cfg.streamTimeout.toNanos(), cfg.queryIdleTimeout.toNanos(),
                cfg.effectiveSignedCost(), cfg.alwaysSign && cfg.signer != null,
                cfg.alwaysRetry ? 0 : cfg.retryThreshold, cfg.maxRequestBytes, ServerExchange.MAX_MESSAGE_BYTES,
                cfg.eventListener, cfg.kernelTimestamps);

        QuicServerCodecBuilder codec = new QuicServerCodecBuilder()
                .sslContext(ssl)
                .maxIdleTimeout(cfg.idleTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .initialMaxData((long) cfg.maxStreams * (cfg.maxRequestBytes + 1) + 65_536)
                .initialMaxStreamDataBidirectionalRemote(cfg.maxRequestBytes + 1)
                .initialMaxStreamDataBidirectionalLocal(0)
                .initialMaxStreamDataUnidirectional(0)
                .initialMaxStreamsBidirectional(cfg.maxStreams)
                .initialMaxStreamsUnidirectional(0)
                // Send every packet at once: a response must not wait in a batch after T3 was stamped.
                .flushStrategy((packets, bytes) -> true);
        if (cfg.datagrams) {
            codec.datagram(1024, 1024);
        }

        // n event loops, each with its own UDP socket on the same port (SO_REUSEPORT: the kernel keeps a
        // client's 4-tuple on one socket), its own QUIC codec and its own engine, whose buffers and packet
        // stamp are confined to that loop. The exchange, counters and rate limiter are shared.
        int loops = transport.supportsReusePort() ? cfg.threads : 1;
        if (loops < cfg.threads) {
            LOG.warn("threads({}) needs epoll's SO_REUSEPORT; serving with one thread on {}", cfg.threads, transport);
        }
        group = transport.newGroup(loops, "tsq-server", threads);
        try {
            int port = cfg.port;
            for (int i = 0; i < loops; i++) {
                ServerEngine engine = new ServerEngine(cfg.clock, responder, stats, limiter, tracker, engineConfig,
                        retryKey);
                // The token handler is consulted before the codec creates a connection: Retry and the cheap
                // refusals live there (see RetryTokenHandler).
                ChannelHandler quic = codec.tokenHandler(engine.tokenHandler())
                        .handler(engine.connectionHandler())
                        .streamHandler(engine.streamInitializer()).build();
                Bootstrap bootstrap = new Bootstrap()
                        .group(group)
                        .channel(transport.datagramChannel())
                        .option(ChannelOption.SO_RCVBUF, cfg.socketBufferBytes)
                        .option(ChannelOption.SO_SNDBUF, cfg.socketBufferBytes)
                        .handler(new ChannelInitializer<DatagramChannel>() {
                            @Override
                            protected void initChannel(DatagramChannel ch) {
                                ch.pipeline().addLast(engine.packetStamp(), quic);
                            }
                        });
                // Batched reads were measured and left off: epoll's recvmmsg (MAX_DATAGRAM_PAYLOAD_SIZE 2048 with a
                // 16-slot read buffer) cost more CPU per query at 1 connection and lowered the best rate in two
                // back-to-back A/B runs of `tsq bench` (issue 12); GRO/GSO coalesce one flow's packets, and every
                // reply here is one packet to its own connection, flushed at once.
                if (loops > 1) {
                    transport.reusePort(bootstrap);
                }
                Channel channel = bootstrap.bind(cfg.bindAddress, port).sync().channel();
                channels.add(channel);
                port = ((InetSocketAddress) channel.localAddress()).getPort();
            }
        } catch (Exception e) {
            channels.forEach(c -> c.close().syncUninterruptibly());
            channels.clear();
            shutdownGroup();
            state = State.CLOSED;
            throw new TsqServerException("cannot bind " + hostPort(cfg.bindAddress, cfg.port) + ": " + e, e);
        }
        localAddress = (InetSocketAddress) channels.get(0).localAddress();
        state = State.RUNNING;
        LOG.info("TSQ server listening on {} (udp, {}, {} thread(s), receive buffer {} KiB, alpn {}, datagrams {})",
                hostPort(localAddress.getAddress(), localAddress.getPort()), transport.name().toLowerCase(), loops,
                channels.get(0).config().getOption(ChannelOption.SO_RCVBUF) / 1024, cfg.alpns, cfg.datagrams ? "on" : "off");
        return this;
    }

    /**
     * The bound address (with the real port when 0 was asked for).
     *
     * @return the address
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized InetSocketAddress localAddress() {
        if (localAddress == null) {
            throw new IllegalStateException("server not started");
        }
        return localAddress;
    }

    /**
     * The bound port.
     *
     * @return the port
     * @throws IllegalStateException before {@link #start()}
     */
    public int port() {
        return localAddress().getPort();
    }

    /**
     * The certificate chain the server presents (leaf first); clients may trust or pin it.
     *
     * @return the chain
     */
    public List<X509Certificate> certificateChain() {
        return keys.chain();
    }

    /**
     * The ALPN identifiers this server accepts, in preference order.
     *
     * @return the identifiers
     */
    public List<String> alpns() {
        return cfg.alpns;
    }

    /**
     * Whether the server is answering: started and not closed.
     *
     * @return true while running
     */
    public synchronized boolean isRunning() {
        return state == State.RUNNING;
    }

    /**
     * Counters since start (a snapshot; cheap to call).
     *
     * @return the counters
     */
    public ServerCounters counters() {
        ConnectionTracker t = tracker;
        return new ServerCounters(stats.streamQueries.sum(), stats.datagramQueries.sum(), stats.rejections(),
                t == null ? 0 : t.active.get(), stats.totalConnections.sum(), stats.refusedConnections.sum(),
                t == null ? 0 : t.halfOpen.get(), stats.retries.sum(), stats.limits());
    }

    /**
     * Closes every connection, releases the port and stops the event-loop thread; returns once all of that
     * is done. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        channels.forEach(c -> c.close().syncUninterruptibly());
        shutdownGroup();
        LOG.info("TSQ server on {} closed", localAddress);
    }

    private void shutdownGroup() {
        if (group != null) {
            Transport.shutdown(group, threads);
        }
    }

    @Override
    public String toString() {
        return "TsqServer[" + (localAddress != null ? hostPort(localAddress.getAddress(), localAddress.getPort())
                : hostPort(cfg.bindAddress, cfg.port)) + ", " + state.name().toLowerCase() + "]";
    }

    static String hostPort(InetAddress address, int port) {
        String host = address.getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Configures a {@link TsqServer}. Every setter checks its argument; {@link #build()} checks the whole. */
    public static final class Builder {
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port = DEFAULT_PORT;
        private KeyMaterial keys;
        private List<String> selfSignedNames = List.of();
        private boolean selfSigned;
        private List<String> alpns = DEFAULT_ALPNS;
        private WallClock clock = WallClock.SYSTEM;
        private boolean datagrams = true;
        private int maxConnections = 10_000;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private int maxStreams = 4;
        private int maxConnectionsPerSource = 64;
        private Duration handshakeTimeout = Duration.ofSeconds(5);
        private int retryThreshold = 100;
        private boolean alwaysRetry;
        private Duration streamTimeout = Duration.ofSeconds(3);
        private Duration queryIdleTimeout = Duration.ofSeconds(120);
        private double signedRequestCost; // 0: by the signer's algorithm
        private int rateLimitSources = 100_000;
        private ServerEventListener eventListener = ServerEventListener.NONE;
        private int maxRequestBytes = ServerExchange.DEFAULT_MAX_REQUEST_BYTES;
        private @Nullable Signer signer;
        private boolean alwaysSign;
        private boolean precisionMode = true;
        private @Nullable Metadata metadata;
        private @Nullable ClockQuality clockQuality;
        private @Nullable TimeSourceInfo timeSourceInfo;
        private ServerExchange.Listener listener = ServerExchange.Listener.NONE;
        private double ratePerSecond = 50;
        private int rateBurst = 100;
        private int socketBufferBytes = 4 << 20;
        private int threads = 1;
        private boolean kernelTimestamps = true;

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.bindAddress = bindAddress;
            b.port = port;
            b.keys = keys;
            b.selfSignedNames = selfSignedNames;
            b.selfSigned = selfSigned;
            b.alpns = alpns;
            b.clock = clock;
            b.datagrams = datagrams;
            b.maxConnections = maxConnections;
            b.idleTimeout = idleTimeout;
            b.maxStreams = maxStreams;
            b.maxConnectionsPerSource = maxConnectionsPerSource;
            b.handshakeTimeout = handshakeTimeout;
            b.retryThreshold = retryThreshold;
            b.alwaysRetry = alwaysRetry;
            b.kernelTimestamps = kernelTimestamps;
            b.streamTimeout = streamTimeout;
            b.queryIdleTimeout = queryIdleTimeout;
            b.signedRequestCost = signedRequestCost;
            b.rateLimitSources = rateLimitSources;
            b.eventListener = eventListener;
            b.maxRequestBytes = maxRequestBytes;
            b.signer = signer;
            b.alwaysSign = alwaysSign;
            b.precisionMode = precisionMode;
            b.metadata = metadata;
            b.clockQuality = clockQuality;
            b.timeSourceInfo = timeSourceInfo;
            b.listener = listener;
            b.ratePerSecond = ratePerSecond;
            b.rateBurst = rateBurst;
            b.socketBufferBytes = socketBufferBytes;
            b.threads = threads;
            return b;
        }

        /**
         * Local address to bind (default: the loopback address, so nothing is exposed by accident).
         *
         * @param address the address
         * @return this builder
         */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "bindAddress");
            return this;
        }

        /**
         * Local address to bind, as an IP literal or a local host name ({@code 0.0.0.0} or {@code ::} for all).
         *
         * @param address the address
         * @return this builder
         * @throws IllegalArgumentException when it cannot be resolved
         */
        public Builder bindAddress(String address) {
            Objects.requireNonNull(address, "bindAddress");
            String a = address.startsWith("[") && address.endsWith("]")
                    ? address.substring(1, address.length() - 1) : address;
            try {
                return bindAddress(InetAddress.getByName(a));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bindAddress: " + address + " (expected: an IP address or a"
                        + " resolvable local host name)", e);
            }
        }

        /**
         * UDP port; 0 picks an ephemeral port (read it back with {@link TsqServer#port()}). Default 443.
         *
         * @param port 0-65535
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
            }
            this.port = port;
            return this;
        }

        /**
         * Certificate chain (PEM, server certificate first) and private key (PEM; PKCS#8, PKCS#1 or SEC1).
         *
         * @param chainPem the chain file
         * @param keyPem   the key file
         * @return this builder
         * @throws IllegalArgumentException when a file cannot be read or parsed
         */
        public Builder certificate(Path chainPem, Path keyPem) {
            Objects.requireNonNull(chainPem, "chainPem");
            Objects.requireNonNull(keyPem, "keyPem");
            this.keys = KeyMaterial.fromPem(chainPem, keyPem);
            this.selfSigned = false;
            return this;
        }

        /**
         * Certificate chain (server certificate first) and its private key.
         *
         * @param chain the chain
         * @param key   the server certificate's private key
         * @return this builder
         */
        public Builder certificate(List<X509Certificate> chain, PrivateKey key) {
            Objects.requireNonNull(chain, "chain");
            Objects.requireNonNull(key, "key");
            this.keys = KeyMaterial.of(chain, key);
            this.selfSigned = false;
            return this;
        }

        /**
         * Generates a self-signed ECDSA certificate at build time, valid for {@code localhost}, {@code 127.0.0.1},
         * {@code ::1} and the given extra host names or IP addresses. For development: clients must pin it or
         * trust it explicitly ({@link TsqServer#certificateChain()}).
         *
         * @param extraNames more host names or IP addresses the certificate is valid for
         * @return this builder
         */
        public Builder selfSigned(String... extraNames) {
            List<String> names = new ArrayList<>();
            for (String n : extraNames) {
                if (n == null || n.isBlank()) {
                    throw new IllegalArgumentException("selfSigned: blank name (expected: host names or IP addresses)");
                }
                names.add(n.trim());
            }
            this.selfSignedNames = List.copyOf(names);
            this.selfSigned = true;
            this.keys = null;
            return this;
        }

        /**
         * ALPN identifiers to accept, most preferred first (default {@code tsq}, {@code tsq/1}).
         *
         * @param protocols the identifiers
         * @return this builder
         */
        public Builder alpn(String... protocols) {
            this.alpns = Alpn.checked(protocols);
            return this;
        }

        /**
         * The clock T2 and T3 are read from (default {@link WallClock#SYSTEM}).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(WallClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Whether to accept QUIC datagrams (default true). Without them clients fall back to streams. A client that
         * sends a DATAGRAM frame anyway (the server did not advertise max_datagram_frame_size) is closed by quiche
         * itself with PROTOCOL_VIOLATION, frame type 0 and an empty reason: quiche detects this while parsing the
         * packet and builds that CONNECTION_CLOSE internally, and neither quiche's C API nor Netty lets the
         * application set the frame type (quiche always writes 0) or the reason of a close it did not initiate.
         *
         * @param enabled whether to accept datagrams
         * @return this builder
         */
        public Builder datagrams(boolean enabled) {
            this.datagrams = enabled;
            return this;
        }

        /**
         * Most QUIC connections open at once, handshakes included (default 10000). A new connection beyond it is
         * refused before any TLS work: the server answers its Initial with a stateless Retry whose token it will
         * not accept, so the client is not told and retries until its own timeout. Counted as
         * {@link ServerLimit#MAX_CONNECTIONS}.
         *
         * @param max the limit
         * @return this builder
         */
        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnections: " + max + " (expected: >= 1)");
            }
            this.maxConnections = max;
            return this;
        }

        /**
         * A connection with no traffic for this long is closed (default 30 s; 1 s to 10 min).
         *
         * @param timeout the idle timeout
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "idleTimeout");
            if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("idleTimeout: " + timeout + " (expected: 1 s to 10 min)");
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Most request streams a connection may have open at once (QUIC's initial_max_streams_bidi; default 4).
         * TSQ needs one stream per query and clients query one at a time, so a few suffice; each stream may
         * buffer up to {@link #maxRequestBytes} until {@link #streamTimeout}, so this also bounds what one
         * connection can make the server hold. Credit for a new stream is granted as each finishes.
         *
         * @param max the limit
         * @return this builder
         */
        public Builder maxStreams(int max) {
            if (max < 1 || max > 10_000) {
                throw new IllegalArgumentException("maxStreams: " + max + " (expected: 1-10000)");
            }
            this.maxStreams = max;
            return this;
        }

        /**
         * Largest request accepted, in bytes (default 1350; larger ones are rejected as too large).
         *
         * @param max the limit, bytes
         * @return this builder
         */
        public Builder maxRequestBytes(int max) {
            if (max < 18 || max > ServerExchange.MAX_MESSAGE_BYTES) {
                throw new IllegalArgumentException("maxRequestBytes: " + max + " (expected: 18-"
                        + ServerExchange.MAX_MESSAGE_BYTES + ")");
            }
            this.maxRequestBytes = max;
            return this;
        }

        /**
         * Per source address, at most {@code perSecond} queries on average and {@code burst} at once
         * (default 50/s, burst 100). Over the limit, datagram requests are dropped and stream requests get an
         * Error TLV (code 0x80).
         *
         * @param perSecond the average rate per source address
         * @param burst     the bucket size
         * @return this builder
         */
        public Builder rateLimit(double perSecond, int burst) {
            if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
                throw new IllegalArgumentException("rateLimit: " + perSecond + " per second (expected: > 0;"
                        + " use noRateLimit() to turn it off)");
            }
            if (burst < 1) {
                throw new IllegalArgumentException("rateLimit: burst " + burst + " (expected: >= 1)");
            }
            this.ratePerSecond = perSecond;
            this.rateBurst = burst;
            return this;
        }

        /**
         * Turns the per-source rate limit off (benchmarks, trusted networks).
         *
         * @return this builder
         */
        public Builder noRateLimit() {
            this.ratePerSecond = 0;
            return this;
        }

        /**
         * The key that signs responses asking for a signature (Signature Request TLV): Ed25519
         * ({@link Signer#ed25519}) or HMAC-SHA256 ({@link Signer#hmacSha256}), with its key id. Without one, such
         * requests get an Error TLV (streams) or no answer (datagrams). Null removes it.
         *
         * @param signer the signer, or null
         * @return this builder
         */
        public Builder signer(@Nullable Signer signer) {
            this.signer = signer;
            return this;
        }

        /**
         * Sign every response, asked or not (default false; needs a {@link #signer}).
         *
         * @param on whether to sign every response
         * @return this builder
         */
        public Builder alwaysSign(boolean on) {
            this.alwaysSign = on;
            return this;
        }

        /**
         * Acknowledge Precision Mode requests and pad responses to the request's size (default true).
         *
         * @param on whether to honour Precision Mode
         * @return this builder
         */
        public Builder precisionMode(boolean on) {
            this.precisionMode = on;
            return this;
        }

        /**
         * Metadata sent to clients that ask for it (Metadata Query); null for none.
         *
         * @param metadata the pairs, or null
         * @return this builder
         */
        public Builder metadata(@Nullable Metadata metadata) {
            this.metadata = metadata;
            return this;
        }

        /**
         * Clock Quality Info sent in every response; null for none.
         *
         * @param clockQuality the TLV's fields, or null
         * @return this builder
         */
        public Builder clockQuality(@Nullable ClockQuality clockQuality) {
            this.clockQuality = clockQuality;
            return this;
        }

        /**
         * Time Source Info sent in every response; null for none.
         *
         * @param timeSourceInfo the TLV's fields, or null
         * @return this builder
         */
        public Builder timeSourceInfo(@Nullable TimeSourceInfo timeSourceInfo) {
            this.timeSourceInfo = timeSourceInfo;
            return this;
        }

        /**
         * Observes every answered and rejected request (on the event loop: must not block).
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(ServerExchange.Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * UDP socket receive and send buffer size (default 4 MiB; the kernel may cap it).
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
         * Event-loop threads (default 1, at most 256). With more than one, each thread owns a UDP socket bound to
         * the same port with SO_REUSEPORT (epoll only; on NIO the server logs a warning and uses one). The kernel
         * keeps each client's address and port on one socket, so a connection stays on one thread; throughput then
         * scales with cores. The connection limit is checked per packet, so it may be exceeded by up to
         * {@code threads - 1} when many handshakes race.
         *
         * @param threads 1-256
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("threads: " + threads + " (expected: 1-256)");
            }
            this.threads = threads;
            return this;
        }

        /**
         * Most connections open at once from one source: an IPv4 address, or an IPv6 /64 (default 64). Checked
         * before the codec creates any connection state or starts TLS (in the QUIC token handler, the only hook
         * Netty QUIC calls at that point): an excess attempt gets a stateless Retry whose token is then refused,
         * so it costs an HMAC and one small packet, never a TLS flight or signature. Netty offers no way to send
         * CONNECTION_CLOSE from there, so the client is not told why. The default leaves room for many clients
         * behind one NAT while a single host cannot take a noticeable share of {@link #maxConnections}.
         * Counted as {@link ServerLimit#CONNECTIONS_PER_SOURCE}.
         */
        public Builder maxConnectionsPerSource(int max) {
            if (max < 1 || max > 1_000_000) {
                throw new IllegalArgumentException("maxConnectionsPerSource: " + max + " (expected: 1-1000000)");
            }
            this.maxConnectionsPerSource = max;
            return this;
        }

        /**
         * A connection whose handshake has not completed within this time is freed (default 5 s; 100 ms to
         * 60 s). A real handshake takes one or two round trips; 5 s leaves room for a lost flight or two (QUIC's
         * first probe timeout is about 1 s) while half-open state from spoofed Initials cannot linger for the
         * whole {@link #idleTimeout}. Counted as {@link ServerLimit#HANDSHAKE_TIMEOUT}.
         */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = checkRange("handshakeTimeout", timeout, Duration.ofMillis(100), Duration.ofSeconds(60));
            return this;
        }

        /**
         * Address validation switches on by itself while at least this many connections are half-open (default
         * 100): new clients then get a Retry (one more round trip) and must echo its token, which carries an
         * HMAC-SHA256 over their address, the time and the connection id and expires after 10 s, so spoofed
         * Initials stop creating state. A legitimate handshake is half-open for about one round trip, so 100
         * concurrent ones means a flood on any but the busiest server. See also {@link #alwaysRetry}.
         */
        public Builder retryThreshold(int halfOpen) {
            if (halfOpen < 1 || halfOpen > 1_000_000) {
                throw new IllegalArgumentException("retryThreshold: " + halfOpen + " (expected: 1-1000000)");
            }
            this.retryThreshold = halfOpen;
            return this;
        }

        /**
         * Validate every client's address with a Retry, whatever the load (default false: a handshake stays one
         * round trip until {@link #retryThreshold} is reached).
         */
        public Builder alwaysRetry(boolean on) {
            this.alwaysRetry = on;
            return this;
        }

        /**
         * Take T2 from the kernel's receive stamp of the request's packet where the platform gives one (default
         * true). With {@code tsq-clock-linux} on the class or module path on Linux, the server asks its socket
         * for that stamp ({@code ioctl(SIOCGSTAMPNS)}, one system call per request), so the event loop's wake-up
         * and read path stays out of T2, as the client's kernel stamps keep it out of T4; without it, or when
         * off, T2 is read when the packet reaches the pipeline. Off saves that call's CPU (about 1-4 µs) at the
         * cost of a T2 late by the read path, which makes every client's offset err positive by half of it.
         */
        public Builder kernelTimestamps(boolean on) {
            this.kernelTimestamps = on;
            return this;
        }

        /**
         * A request stream whose request is not complete within this time gets an Error TLV (malformed request,
         * "request not complete within N ms") and is closed (default 3 s; 100 ms to 60 s). A TSQ request fits
         * one packet, so a complete one arrives at once; 3 s covers a couple of retransmissions. Without it a
         * partial request would be held until the connection's idle timeout, which any PING resets. Counted
         * as {@link ServerLimit#STREAM_TIMEOUT}.
         */
        public Builder streamTimeout(Duration timeout) {
            this.streamTimeout = checkRange("streamTimeout", timeout, Duration.ofMillis(100), Duration.ofSeconds(60));
            return this;
        }

        /**
         * A connection that has carried no query (stream or datagram request) for this long is closed, however
         * many PINGs keep it alive (default 120 s; 1 s to 1 h). Clients that poll every few minutes reconnect,
         * which costs one handshake; an abandoned or hostile connection cannot hold a slot for ever. Counted as
         * {@link ServerLimit#QUERY_IDLE}.
         */
        public Builder queryIdleTimeout(Duration timeout) {
            this.queryIdleTimeout = checkRange("queryIdleTimeout", timeout, Duration.ofSeconds(1), Duration.ofHours(1));
            return this;
        }

        /**
         * Rate-limit tokens a request whose response will be signed takes (an unsigned one takes 1; 1 to 1000).
         * Default by the {@link #signer}'s algorithm, proportional to its CPU cost on the event loop: 20 for
         * Ed25519 (a signature costs about 0.8 ms, some twenty unsigned answers), 2 for HMAC-SHA256. So a
         * signature flood from one source runs out of budget long before it can stall the loop for others. The
         * signature is computed after T3 is stamped, as before: admission happens before the response is built.
         */
        public Builder signedRequestCost(double tokens) {
            if (!(tokens >= 1 && tokens <= 1000)) {
                throw new IllegalArgumentException("signedRequestCost: " + tokens + " (expected: 1-1000)");
            }
            this.signedRequestCost = tokens;
            return this;
        }

        /**
         * Most sources the rate limiter tracks at once (default 100000). When the table is full, the idlest
         * source is forgotten if its bucket has refilled completely; live buckets are never dropped, so a new
         * source is refused (counted as {@link ServerLimit#RATE_LIMIT}) until one refills.
         */
        public Builder rateLimitSources(int max) {
            if (max < 1 || max > 10_000_000) {
                throw new IllegalArgumentException("rateLimitSources: " + max + " (expected: 1-10000000)");
            }
            this.rateLimitSources = max;
            return this;
        }

        /** Observes connections accepted, refused (with the limit) and closed (on the event loop: must not block). */
        public Builder eventListener(ServerEventListener listener) {
            this.eventListener = Objects.requireNonNull(listener, "eventListener");
            return this;
        }

        double effectiveSignedCost() {
            if (signedRequestCost > 0) {
                return signedRequestCost;
            }
            if (signer == null) {
                return 1;
            }
            return signer.algorithm() == dev.tsq.wire.SignatureBlock.ED25519 ? 20 : 2;
        }

        private static Duration checkRange(String name, Duration d, Duration min, Duration max) {
            Objects.requireNonNull(d, name);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: " + min + " to " + max + ")");
            }
            return d;
        }

        /**
         * Checks the whole configuration and creates the server (not started; see {@link TsqServer#start()}).
         *
         * @return the server, not started
         */
        public TsqServer build() {
            if (keys == null && !selfSigned) {
                throw new IllegalStateException("certificate: none (expected: certificate(chain, key) or selfSigned())");
            }
            return new TsqServer(this);
        }
    }
}
