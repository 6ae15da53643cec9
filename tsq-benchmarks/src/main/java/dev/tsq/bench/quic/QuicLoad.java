package dev.tsq.bench.quic;

import dev.tsq.wire.MessageCodec;
import dev.tsq.wire.Nonce;
import dev.tsq.wire.TimeRequest;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicDatagramExtensionEvent;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.TrustManagerFactory;

/**
 * The load generator of the throughput test: {@code connections} QUIC connections spread over a small number of
 * event-loop threads (one UDP socket per thread, as a real multi-connection client would do), each connection
 * keeping {@code window} TSQ requests in flight over QUIC datagrams: every answer immediately sends the next
 * request. It speaks the protocol directly over Netty QUIC (ALPN {@code tsq}, the server's certificate
 * trusted) instead of using one {@code TsqClient} (one thread and one socket) per connection, so that with 64
 * connections the two cores of a small machine go to the server and not to 64 client threads.
 *
 * <p>Requests are bare 18-byte TSQ requests whose nonce is (connection, sequence number); an answer counts when
 * {@link MessageCodec#validate} accepts it as a response and its nonce is one we are waiting for. A request
 * unanswered after {@link #TIMEOUT_NANOS} is counted as lost and replaced.
 */
public final class QuicLoad implements AutoCloseable {
    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int SLOTS = 4096;
    /** Latency histogram of the paced mode: 10 us buckets up to 1 s. */
    private static final int HIST_BUCKETS = 100_000;

    private final EventLoopGroup group;
    private final List<Channel> sockets = new ArrayList<>();
    private final List<Conn> conns = new ArrayList<>();
    private final LongAdder answered = new LongAdder();
    private final LongAdder inWindow = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private volatile boolean running;
    /** Paced (open-loop) mode: requests per second per connection, or 0 for the closed-loop window mode. */
    private volatile double pacedPerConnection;
    private volatile boolean sending = true;
    private final LongAdder sent = new LongAdder();
    /** Answers that came after their request had been counted lost (not counted again). */
    private final LongAdder late = new LongAdder();

    /**
     * Answers per second during the window; lost (timed out) and rejected (invalid) answers over the run, and all
     * answers of the run (warm-up included).
     */
    public record Result(int connections, int window, int threads, double qps, long answered, long lost,
                         long rejected, long answeredTotal) {
    }

    private QuicLoad(int threads) {
        IoHandlerFactory factory = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("tsq-load", true), factory);
    }

    /**
     * Opens {@code connections} connections over {@code threads} sockets and threads, runs the load for
     * {@code warmupNanos} + {@code measureNanos}, and counts answers in the measurement window.
     */
    public static Result run(InetSocketAddress server, X509Certificate trusted, int connections, int window,
                             int threads, long warmupNanos, long measureNanos) throws Exception {
        int t = Math.max(1, Math.min(threads, connections));
        try (QuicLoad load = new QuicLoad(t)) {
            load.open(server, trusted, connections, window, t);
            long start = System.nanoTime();
            load.windowStart = start + warmupNanos;
            load.windowEnd = load.windowStart + measureNanos;
            load.running = true;
            for (Conn c : load.conns) {
                c.channel.eventLoop().execute(c::start);
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(0, load.windowEnd - System.nanoTime()));
            load.running = false;
            return new Result(connections, window, t, load.inWindow.sum() / (measureNanos / 1e9), load.inWindow.sum(),
                    load.lost.sum(), load.rejected.sum(), load.answered.sum());
        }
    }

    /**
     * The result of a paced run: requests sent, answered, lost (unanswered after {@link #TIMEOUT_NANOS}) and
     * rejected (invalid answers); latency percentiles (request written to answer read) in microseconds.
     */
    public record PacedResult(double targetQps, double seconds, long sent, long answered, long lost, long rejected,
                              long late, double p50Micros, double p99Micros, double maxMicros) {
        public long errors() {
            return lost + rejected;
        }
    }

    /**
     * Open-loop load: {@code connections} connections over {@code threads} sockets send requests at
     * {@code qps} in total (each connection its share, paced by a 1 ms timer, whatever the answers do) for
     * {@code durationNanos}; then it waits for stragglers until every request is answered or timed out.
     */
    public static PacedResult runPaced(InetSocketAddress server, X509Certificate trusted, int connections,
                                       int threads, double qps, long durationNanos) throws Exception {
        int t = Math.max(1, Math.min(threads, connections));
        try (QuicLoad load = new QuicLoad(t)) {
            load.open(server, trusted, connections, 1, t);
            load.pacedPerConnection = qps / connections;
            long start = System.nanoTime();
            load.windowStart = start;
            load.windowEnd = start + durationNanos;
            load.running = true;
            // One pacer per event loop (not per connection): every millisecond it gives each of its connections
            // its share of requests.
            List<ScheduledFuture<?>> pacers = new ArrayList<>();
            long now = System.nanoTime();
            for (Conn c : load.conns) {
                c.lastTick = now; // published to the event loop by the task submissions below
            }
            for (Channel socket : load.sockets) {
                List<Conn> mine = new ArrayList<>();
                for (Conn c : load.conns) {
                    if (c.channel.eventLoop() == socket.eventLoop()) {
                        mine.add(c);
                    }
                }
                pacers.add(socket.eventLoop().scheduleAtFixedRate(() -> mine.forEach(Conn::tick), 1, 1,
                        TimeUnit.MILLISECONDS));
                for (Conn c : mine) {
                    socket.eventLoop().execute(c::start);
                }
            }
            TimeUnit.NANOSECONDS.sleep(durationNanos);
            pacers.forEach(p -> p.cancel(false));
            load.sending = false;
            TimeUnit.NANOSECONDS.sleep(TIMEOUT_NANOS + TimeUnit.MILLISECONDS.toNanos(300));
            load.running = false;
            long[] hist = new long[HIST_BUCKETS + 1];
            for (Conn c : load.conns) {
                CompletableFuture<Void> merged = new CompletableFuture<>();
                c.channel.eventLoop().execute(() -> {
                    for (int i = 0; i < hist.length; i++) {
                        hist[i] += c.hist[i];
                    }
                    merged.complete(null);
                });
                merged.get(5, TimeUnit.SECONDS);
            }
            return new PacedResult(qps, durationNanos / 1e9, load.sent.sum(), load.answered.sum(), load.lost.sum(),
                    load.rejected.sum(), load.late.sum(), percentile(hist, 0.50), percentile(hist, 0.99), percentile(hist, 1.0));
        }
    }

    private static double percentile(long[] hist, double p) {
        long total = 0;
        for (long h : hist) {
            total += h;
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(p * total));
        long seen = 0;
        for (int i = 0; i < hist.length; i++) {
            seen += hist[i];
            if (seen >= rank) {
                return i * 10.0 + 5; // bucket centre, microseconds
            }
        }
        return HIST_BUCKETS * 10.0;
    }

    private void open(InetSocketAddress server, X509Certificate trusted, int connections, int window, int threads)
            throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("tsq-load-server", trusted);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        QuicSslContext ssl = QuicSslContextBuilder.forClient()
                .trustManager(tmf)
                .applicationProtocols("tsq")
                .earlyData(false)
                .build();
        Class<? extends DatagramChannel> channelType = Epoll.isAvailable()
                ? EpollDatagramChannel.class : NioDatagramChannel.class;
        for (int i = 0; i < threads; i++) {
            ChannelHandler codec = new QuicClientCodecBuilder()
                    // host and port for the certificate's name check (its SAN holds 127.0.0.1)
                    .sslEngineProvider(q -> ssl.newEngine(q.alloc(), server.getHostString(), server.getPort()))
                    .maxIdleTimeout(30, TimeUnit.SECONDS)
                    .initialMaxData(1 << 20)
                    .initialMaxStreamDataBidirectionalLocal(65_536)
                    .datagram(2048, 2048)
                    .build();
            Channel udp = new Bootstrap()
                    .group(group)
                    .channel(channelType)
                    .option(ChannelOption.SO_RCVBUF, 4 << 20)
                    .option(ChannelOption.SO_SNDBUF, 4 << 20)
                    .handler(codec)
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            sockets.add(udp);
        }
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Conn c = new Conn(i, window);
            conns.add(c);
            ready.add(c.ready);
            QuicChannel.newBootstrap(sockets.get(i % threads))
                    .handler(c)
                    .remoteAddress(server)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                    .connect()
                    .addListener(f -> {
                        if (f.isSuccess()) {
                            c.channel = (QuicChannel) f.getNow();
                        } else {
                            c.ready.completeExceptionally(f.cause());
                        }
                    });
        }
        CompletableFuture.allOf(ready.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
    }

    /** One connection: its requests in flight, by sequence number. Confined to its event loop. */
    private final class Conn extends ChannelInboundHandlerAdapter {
        final int id;
        final int window;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final long[] sentSeq = new long[SLOTS];
        final long[] sentAt = new long[SLOTS];
        final byte[] request = new byte[64];
        final byte[] response = new byte[2048];
        volatile QuicChannel channel;
        long nextSeq = 1;
        int outstanding;
        ScheduledFuture<?> sweeper;
        double credit;
        long lastTick;
        /** Paced mode only: answer latencies, 10 us buckets (event-loop confined). */
        final long[] hist = new long[HIST_BUCKETS + 1];

        Conn(int id, int window) {
            this.id = id;
            this.window = Math.min(window, SLOTS / 2);
        }

        void start() {
            if (pacedPerConnection == 0) {
                for (int i = 0; i < window; i++) {
                    send();
                }
            }
            sweeper = channel.eventLoop().scheduleAtFixedRate(this::sweep, 100, 100, TimeUnit.MILLISECONDS);
        }

        void tick() {
            long now = System.nanoTime();
            // A stalled loop catches up on at most 50 ms of requests, not on an unbounded backlog.
            credit = Math.min(credit + (now - lastTick) / 1e9 * pacedPerConnection, 1 + 0.05 * pacedPerConnection);
            lastTick = now;
            if (!sending || !running) {
                return;
            }
            for (int n = (int) Math.min(credit, SLOTS / 4); n > 0; n--) {
                credit -= 1;
                send();
            }
        }

        void send() {
            if (!running || !sending || channel == null || !channel.isActive()) {
                return;
            }
            sent.increment();
            long seq = nextSeq++;
            int slot = (int) (seq % SLOTS);
            if (sentAt[slot] != 0) {
                lost.increment(); // a request so old that its slot is reused: it was never answered
                outstanding--;
            }
            int len = MessageCodec.encode(TimeRequest.of(new Nonce(id, seq)), request, 0);
            sentSeq[slot] = seq;
            sentAt[slot] = System.nanoTime();
            outstanding++;
            ByteBuf buf = channel.alloc().directBuffer(len);
            buf.writeBytes(request, 0, len);
            channel.writeAndFlush(buf, channel.voidPromise());
        }

        void sweep() {
            long now = System.nanoTime();
            for (int i = 0; i < SLOTS; i++) {
                if (sentAt[i] != 0 && now - sentAt[i] > TIMEOUT_NANOS) {
                    sentAt[i] = 0;
                    outstanding--;
                    lost.increment();
                    if (pacedPerConnection == 0) {
                        send();
                    }
                }
            }
            if (!running && sweeper != null) {
                sweeper.cancel(false);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf buf)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            try {
                int len = buf.readableBytes();
                if (len > response.length) {
                    rejected.increment();
                    return;
                }
                byte[] bytes = response;
                buf.getBytes(buf.readerIndex(), bytes, 0, len);
                Nonce nonce = Nonce.peek(bytes, 0, len);
                boolean ok = nonce != null && nonce.hi() == id;
                if (ok) {
                    try {
                        MessageCodec.validate(bytes, 0, len, true);
                    } catch (RuntimeException e) {
                        ok = false;
                    }
                }
                int slot = ok ? (int) (nonce.lo() % SLOTS) : -1;
                if (ok && sentSeq[slot] == nonce.lo() && sentAt[slot] == 0) {
                    late.increment(); // answered after it was counted lost
                    return;
                }
                if (!ok || sentAt[slot] == 0 || sentSeq[slot] != nonce.lo()) {
                    rejected.increment();
                    return;
                }
                long now = System.nanoTime();
                long latency = now - sentAt[slot];
                sentAt[slot] = 0;
                outstanding--;
                answered.increment();
                if (now >= windowStart && now < windowEnd) {
                    inWindow.increment();
                }
                if (pacedPerConnection > 0) {
                    hist[(int) Math.min(HIST_BUCKETS, latency / 10_000)]++;
                } else {
                    send();
                }
            } finally {
                buf.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof QuicDatagramExtensionEvent) {
                ready.complete(null);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ready.completeExceptionally(cause);
        }
    }

    @Override
    public void close() {
        running = false;
        for (Conn c : conns) {
            if (c.channel != null) {
                c.channel.close();
            }
        }
        for (Channel s : sockets) {
            s.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
