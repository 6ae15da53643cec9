package dev.tsq.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bare Netty QUIC client for server tests: sends arbitrary bytes, returns what comes back. */
final class RawQuicClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel udp;
    final CompletableFuture<QuicConnectionCloseEvent> closeEvent = new CompletableFuture<>();
    final CompletableFuture<Void> inactive = new CompletableFuture<>();
    private final BlockingQueue<byte[]> datagrams = new LinkedBlockingQueue<>();
    private QuicChannel quic;

    /** When the client ends its side of a request stream. */
    enum Fin { WITH_REQUEST, AFTER_REPLY, NEVER }

    private RawQuicClient(boolean datagrams, String... alpns) throws InterruptedException {
        this(null, datagrams, alpns);
    }

    private RawQuicClient(InetAddress local, boolean datagrams, String... alpns) throws InterruptedException {
        this(local, datagrams, 0, alpns);
    }

    private RawQuicClient(InetAddress local, boolean datagrams, long maxRecvUdpPayload, String... alpns)
            throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("raw-client", true),
                NioIoHandler.newFactory());
        QuicSslContext ssl = QuicSslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .endpointIdentificationAlgorithm(null)
                .applicationProtocols(alpns)
                .build();
        QuicClientCodecBuilder b = new QuicClientCodecBuilder()
                .sslContext(ssl)
                .maxIdleTimeout(10, TimeUnit.SECONDS)
                .initialMaxData(1 << 20)
                .initialMaxStreamDataBidirectionalLocal(1 << 16);
        if (datagrams) {
            b.datagram(64, 64);
        }
        if (maxRecvUdpPayload > 0) {
            b.maxRecvUdpPayloadSize(maxRecvUdpPayload).maxSendUdpPayloadSize(1350);
        }
        ChannelHandler codec = b.build();
        udp = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
                .bind(local == null ? new InetSocketAddress(0) : new InetSocketAddress(local, 0)).sync().channel();
    }

    /** Connects; throws if the handshake fails (use {@link #attempt} to look at a refusal instead). */
    static RawQuicClient connect(InetSocketAddress server, String... alpns) throws Exception {
        RawQuicClient c = attempt(server, true, alpns);
        c.quic = c.connectFuture.get(5, TimeUnit.SECONDS);
        return c;
    }

    private CompletableFuture<QuicChannel> connectFuture;

    /** Starts a handshake and returns at once. */
    static RawQuicClient attempt(InetSocketAddress server, boolean datagrams, String... alpns) throws Exception {
        RawQuicClient c = open(datagrams, alpns);
        c.start(server);
        return c;
    }

    /** Connects from a given local address (e.g. 127.0.0.2, a second loopback source). */
    static RawQuicClient connectFrom(InetAddress local, InetSocketAddress server, String... alpns) throws Exception {
        RawQuicClient c = new RawQuicClient(local, true, alpns);
        c.start(server);
        c.quic = c.connectFuture.get(5, TimeUnit.SECONDS);
        return c;
    }

    /** Connects advertising a small max_udp_payload_size, so the server may send only small datagrams. */
    static RawQuicClient connectWithMaxRecvPayload(long maxRecvUdpPayload, InetSocketAddress server, String... alpns)
            throws Exception {
        RawQuicClient c = new RawQuicClient(null, true, maxRecvUdpPayload, alpns);
        c.start(server);
        c.quic = c.connectFuture.get(5, TimeUnit.SECONDS);
        return c;
    }

    /** Starts a handshake from a given local address and returns at once. */
    static RawQuicClient attemptFrom(InetAddress local, InetSocketAddress server, String... alpns) throws Exception {
        RawQuicClient c = new RawQuicClient(local, true, alpns);
        c.start(server);
        return c;
    }

    /** A client ready to connect (event loop, TLS context and codec built). */
    static RawQuicClient open(boolean datagrams, String... alpns) throws Exception {
        return new RawQuicClient(datagrams, alpns);
    }

    /** Starts the handshake. */
    void start(InetSocketAddress server) {
        connectFuture = new CompletableFuture<>();
        QuicChannel.newBootstrap(udp)
                .handler(new Handler())
                .remoteAddress(server)
                .connect()
                .addListener(f -> {
                    if (f.isSuccess()) {
                        connectFuture.complete((QuicChannel) f.getNow());
                    } else {
                        connectFuture.completeExceptionally(f.cause());
                    }
                });
    }

    /** Waits for the handshake started by {@link #start}. */
    void awaitConnected(Duration wait) throws Exception {
        quic = connectFuture.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    CompletableFuture<QuicChannel> connectFuture() {
        return connectFuture;
    }

    String alpn() {
        return quic.sslEngine().getApplicationProtocol();
    }

    QuicChannel channel() {
        return quic;
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            datagrams.add(ByteBufUtil.getBytes(b));
            b.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof QuicConnectionCloseEvent) {
                closeEvent.complete((QuicConnectionCloseEvent) evt);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inactive.complete(null);
            ctx.fireChannelInactive();
        }
    }

    /** Result of a stream exchange: bytes received, and whether the server ended the stream with FIN. */
    record StreamResult(byte[] bytes, boolean fin) {
    }

    /**
     * Sends {@code request} on a new stream (with FIN if asked) and collects the answer until FIN or until
     * {@code wait} passes.
     */
    StreamResult stream(byte[] request, boolean fin, Duration wait) throws Exception {
        return stream(request, fin ? Fin.WITH_REQUEST : Fin.AFTER_REPLY, wait);
    }

    /**
     * Sends {@code request} on a new stream, ending the client's side as {@code pattern} says ({@code NEVER}: the
     * stream is left as it is, neither FIN nor reset), and collects the answer until the server's FIN or until
     * {@code wait} passes.
     */
    StreamResult stream(byte[] request, Fin pattern, Duration wait) throws Exception {
        return stream(new byte[][] {request}, 0, pattern, wait);
    }

    /** Sends the request in pieces, each flushed on its own, {@code gapMillis} apart. */
    StreamResult stream(byte[][] pieces, long gapMillis, Fin pattern, Duration wait) throws Exception {
        boolean fin = pattern == Fin.WITH_REQUEST;
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        QuicStreamChannel s = quic.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                synchronized (got) {
                    got.writeBytes(ByteBufUtil.getBytes(b));
                }
                b.release();
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
                    done.complete(true);
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                done.complete(false);
            }
        }).sync().getNow();
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0 && gapMillis > 0) {
                Thread.sleep(gapMillis);
            }
            // Not sync(): a server may stop reading (STOP_SENDING) once it has answered, e.g. an oversized request.
            s.writeAndFlush(new DefaultQuicStreamFrame(Unpooled.wrappedBuffer(pieces[i]), fin && i == pieces.length - 1))
                    .await();
        }
        boolean finSeen;
        try {
            finSeen = done.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            finSeen = false;
        }
        if (pattern != Fin.NEVER) {
            s.close();
        }
        synchronized (got) {
            return new StreamResult(got.toByteArray(), finSeen);
        }
    }

    void sendDatagram(byte[] payload) throws Exception {
        quic.writeAndFlush(Unpooled.wrappedBuffer(payload)).sync();
    }

    /** The next datagram, or null after {@code wait}. */
    byte[] receiveDatagram(Duration wait) throws InterruptedException {
        return datagrams.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (quic != null) {
            quic.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        udp.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
