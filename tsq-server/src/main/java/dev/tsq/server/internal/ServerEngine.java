package dev.tsq.server.internal;

import dev.tsq.exchange.RejectReason;
import dev.tsq.exchange.TransportMode;
import dev.tsq.time.WallClock;
import dev.tsq.wire.ErrorResponse;
import dev.tsq.wire.ErrorTlv;
import dev.tsq.wire.MessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicDatagramExtensionEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's per-listener state and its three Netty handlers. Everything here runs on the single event
 * loop that owns the UDP channel (every QUIC connection and stream of a Netty QUIC codec lives on its
 * parent's event loop), so plain fields need no synchronisation.
 *
 * <h2>Where T2 comes from</h2>
 * {@link #packetStamp()} is the first handler on the UDP channel: for every UDP packet it reads the
 * server clock into {@link #lastPacketNanos} and then passes the packet to the QUIC codec. The codec
 * decrypts the packet and, synchronously within that same {@code channelRead} call, delivers any datagram
 * payload to the connection pipeline and any stream data to the stream pipeline (the stream channel of a
 * new stream is registered and read in place, TLS work runs inline because no SSL task executor is
 * configured). So when a request handler runs, {@code lastPacketNanos} is the receive time of exactly the
 * UDP packet that carried (or completed) that request. One field suffices because packets are processed
 * one at a time; no per-connection attribute or map lookup is needed on the hot path.
 */
public final class ServerEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ServerEngine.class);
    /** QUIC transport error CONNECTION_REFUSED (RFC 9000, 20.1). */
    private static final int CONNECTION_REFUSED = 0x2;
    private static final AttributeKey<Integer> DATAGRAM_MAX = AttributeKey.valueOf("tsq.datagramMax");

    private final WallClock clock;
    private final Responder responder;
    private final ServerStats stats;
    private final RateLimiter limiter;
    private final int maxConnections;
    /** Request scratch: maxRequestBytes + 1, so that "too large" stays visible to the responder. */
    private final byte[] in;
    private final byte[] out;
    private final byte[] rateLimitedResponse;

    /** Receive time (server clock, epoch ns) of the UDP packet being processed. Event-loop confined. */
    long lastPacketNanos;

    private final ChannelHandler packetStamp = new PacketStamp();
    private final ChannelHandler connectionHandler = new ConnectionHandler();
    private final ChannelHandler streamInitializer = new StreamInitializer();

    public ServerEngine(WallClock clock, Responder responder, ServerStats stats, RateLimiter limiter,
                        int maxConnections, int maxRequestBytes, int maxResponseBytes) {
        this.clock = clock;
        this.responder = responder;
        this.stats = stats;
        this.limiter = limiter;
        this.maxConnections = maxConnections;
        this.in = new byte[maxRequestBytes + 1];
        this.out = new byte[maxResponseBytes];
        this.rateLimitedResponse = MessageCodec.encode(ErrorResponse.of(ErrorTlv.RATE_LIMITED, "rate limited"));
    }

    public ChannelHandler packetStamp() {
        return packetStamp;
    }

    public ChannelHandler connectionHandler() {
        return connectionHandler;
    }

    public ChannelHandler streamInitializer() {
        return streamInitializer;
    }

    private boolean admit(QuicChannel ch, TransportMode mode) {
        if (limiter.isUnlimited()) {
            return true;
        }
        InetAddress source = ((InetSocketAddress) ch.remoteSocketAddress()).getAddress();
        if (limiter.tryAcquire(source, System.nanoTime())) {
            return true;
        }
        stats.rejected(mode, RejectReason.RATE_LIMITED, "source " + source.getHostAddress() + " over its rate limit");
        return false;
    }

    /** First handler on the UDP channel: stamps T2 for every packet. */
    @ChannelHandler.Sharable
    private final class PacketStamp extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            lastPacketNanos = clock.epochNanos();
            ctx.fireChannelRead(msg);
        }
    }

    /** On every QUIC connection: connection limit, datagram requests; streams are passed on. */
    @ChannelHandler.Sharable
    private final class ConnectionHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRegistered(ChannelHandlerContext ctx) {
            long active = stats.activeConnections.incrementAndGet();
            stats.totalConnections.increment();
            if (active > maxConnections) {
                stats.refusedConnections.increment();
                QuicChannel ch = (QuicChannel) ctx.channel();
                LOG.debug("refusing connection from {}: {} connections open (limit {})",
                        ch.remoteSocketAddress(), active - 1, maxConnections);
                // Close once the Initial packet has been processed, so that the client is told at once with
                // CONNECTION_CLOSE (CONNECTION_REFUSED) instead of retransmitting until its timeout.
                ctx.channel().eventLoop().execute(() -> ch.close(false, CONNECTION_REFUSED,
                        Unpooled.copiedBuffer("server busy", StandardCharsets.US_ASCII)));
            }
            ctx.fireChannelRegistered();
        }

        @Override
        public void channelUnregistered(ChannelHandlerContext ctx) {
            stats.activeConnections.decrementAndGet();
            ctx.fireChannelUnregistered();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf) {
                onDatagram((QuicChannel) ctx.channel(), (ByteBuf) msg);
            } else {
                ctx.fireChannelRead(msg); // a new QuicStreamChannel: Netty registers it with the stream handler
            }
        }

        private void onDatagram(QuicChannel ch, ByteBuf buf) {
            long t2 = lastPacketNanos;
            int n;
            try {
                if (!admit(ch, TransportMode.DATAGRAM)) {
                    return;
                }
                n = Math.min(buf.readableBytes(), in.length);
                buf.getBytes(buf.readerIndex(), in, 0, n);
            } finally {
                buf.release();
            }
            int len = responder.respond(in, 0, n, t2, TransportMode.DATAGRAM, out, 0);
            if (len <= 0) {
                return;
            }
            Integer max = ch.attr(DATAGRAM_MAX).get();
            if (max != null && len > max) {
                stats.rejected(TransportMode.DATAGRAM, RejectReason.RESPONSE_TOO_LARGE,
                        "datagram response of " + len + " bytes, the client accepts " + max);
                return;
            }
            ByteBuf response = ch.alloc().directBuffer(len);
            response.writeBytes(out, 0, len);
            ch.writeAndFlush(response, ch.voidPromise());
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof QuicDatagramExtensionEvent) {
                ctx.channel().attr(DATAGRAM_MAX).set(((QuicDatagramExtensionEvent) evt).maxLength());
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof BufferUnderflowException) {
                stats.rejected(TransportMode.DATAGRAM, RejectReason.RESPONSE_TOO_LARGE,
                        "datagram response larger than the connection allows");
            } else if (!ctx.channel().isActive()) {
                // A failed handshake (e.g. no common ALPN). quiche records the TLS alert but, when the failure
                // surfaces in its send path, emits nothing until the client retransmits (about 1 s later).
                // Closing from a fresh task makes it send the CONNECTION_CLOSE with the alert now.
                LOG.debug("handshake with {} failed: {}", ((QuicChannel) ctx.channel()).remoteSocketAddress(),
                        cause.toString());
                ctx.channel().eventLoop().execute(() -> ctx.channel().close());
            } else {
                LOG.debug("connection {}: {}", ctx.channel(), cause.toString());
            }
        }
    }

    @ChannelHandler.Sharable
    private final class StreamInitializer extends ChannelInitializer<QuicStreamChannel> {
        @Override
        protected void initChannel(QuicStreamChannel ch) {
            ch.pipeline().addLast(new StreamRequestHandler());
        }
    }

    /**
     * One request per stream. The request is complete at the first read that leaves a sequence of whole
     * TLVs (the reference client sends its 18 bytes without FIN), or at FIN, or when it exceeds the size
     * limit. The response is written with FIN and the stream closed.
     */
    private final class StreamRequestHandler extends ChannelInboundHandlerAdapter {
        private ByteBuf pending; // only when a request arrives in pieces
        private boolean done;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            if (done) {
                buf.release();
                return;
            }
            long t2 = lastPacketNanos;
            int n;
            if (pending == null) {
                n = Math.min(buf.readableBytes(), in.length);
                buf.getBytes(buf.readerIndex(), in, 0, n);
                buf.release();
                if (n < in.length && !MessageCodec.isWholeMessage(in, 0, n)) {
                    pending = ctx.alloc().heapBuffer(Math.min(in.length, Math.max(64, 2 * n)), in.length);
                    pending.writeBytes(in, 0, n);
                    return;
                }
            } else {
                pending.writeBytes(buf, Math.min(buf.readableBytes(), in.length - pending.readableBytes()));
                buf.release();
                n = pending.readableBytes();
                pending.getBytes(0, in, 0, n);
                if (n < in.length && !MessageCodec.isWholeMessage(in, 0, n)) {
                    return;
                }
            }
            respond(ctx, n, t2);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownReadComplete.INSTANCE && !done) {
                // FIN with an incomplete (or empty) request: let the exchange say what is wrong with it.
                int n = 0;
                if (pending != null) {
                    n = pending.readableBytes();
                    pending.getBytes(0, in, 0, n);
                }
                respond(ctx, n, lastPacketNanos);
            }
            ctx.fireUserEventTriggered(evt);
        }

        private void respond(ChannelHandlerContext ctx, int n, long t2) {
            done = true;
            releasePending();
            QuicStreamChannel ch = (QuicStreamChannel) ctx.channel();
            byte[] src;
            int len;
            if (admit(ch.parent(), TransportMode.STREAM)) {
                src = out;
                len = responder.respond(in, 0, n, t2, TransportMode.STREAM, out, 0);
            } else {
                src = rateLimitedResponse;
                len = rateLimitedResponse.length;
            }
            if (len <= 0) {
                ch.close();
                return;
            }
            ByteBuf response = ctx.alloc().directBuffer(len);
            response.writeBytes(src, 0, len);
            ctx.writeAndFlush(new DefaultQuicStreamFrame(response, true)).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            releasePending();
            ctx.fireChannelInactive();
        }

        private void releasePending() {
            if (pending != null) {
                pending.release();
                pending = null;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("stream {}: {}", ctx.channel(), cause.toString());
            ctx.close();
        }
    }
}
