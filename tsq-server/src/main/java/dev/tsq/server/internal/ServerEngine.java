package dev.tsq.server.internal;

import dev.tsq.exchange.RejectReason;
import dev.tsq.exchange.ServerExchange;
import dev.tsq.internal.PacketTimes;
import dev.tsq.internal.SendDelayEstimator;
import dev.tsq.time.NtpTimestamp;
import dev.tsq.exchange.TransportMode;
import dev.tsq.server.ServerEventListener;
import dev.tsq.server.ServerLimit;
import dev.tsq.time.WallClock;
import dev.tsq.wire.ErrorResponse;
import dev.tsq.wire.ErrorTlv;
import dev.tsq.wire.MessageCodec;
import dev.tsq.wire.TlvType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicDatagramExtensionEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicTokenHandler;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's per-listener state and its Netty handlers. Everything here runs on the single event loop that
 * owns the UDP channel (every QUIC connection and stream of a Netty QUIC codec lives on its parent's event
 * loop), so plain fields need no synchronisation; what several loops share ({@link ConnectionTracker},
 * {@link RateLimiter}, {@link ServerStats}) is thread-safe.
 *
 * <h2>Where T2 comes from</h2>
 * {@link #packetStamp()} is the first handler on the UDP channel: for every UDP packet it reads the server
 * clock ({@link PacketTimes}) and then passes the packet to the QUIC codec, which decrypts it and,
 * synchronously within that same {@code channelRead} call, delivers datagram payloads and stream data. So when
 * a request handler runs, the read time is the receive time of the UDP packet that carried (or
 * completed) that request. Where {@code tsq-clock-linux} is on the path (Linux, epoll), T2 is instead the
 * kernel's receive stamp of that packet ({@link dev.tsq.internal.ReceiveTimestamps}, read only for packets that
 * carry a request), which leaves the loop's wake-up and read path out of T2 as the client's kernel stamp leaves it out of T4.
 *
 * <h2>Where T3 comes from</h2>
 * T3 has to be written into the response before quiche frames and seals it, so it is read before the send path
 * that the client's T1 (stamped at the flush of the sealed packet) does not include. Each loop learns its own
 * send path, T3's reading to the flush of the response's packet, per transport ({@link SendDelayEstimator}, an
 * estimate that errs low), and T3 is the clock's reading plus that lead: the moment the packet is handed to the
 * socket, as T1 is on the client. Measured on loopback against tcpdump's stamps (issue 12): the learned datagram
 * lead was 11-12 µs, which used to count on the return leg; with it, T3 to the response's wire time was 9.6 µs
 * p50 and T1 to the request's 10.3 µs (both the {@code sendmsg} path), and the kernel stamps were within 0.1 µs
 * of tcpdump's.
 *
 * <h2>Limits</h2>
 * New connections are refused in the {@link #tokenHandler() token handler}, before the codec creates any
 * connection state or TLS work (see {@link RetryTokenHandler}). {@code channelRegistered} checks the global
 * limit again (several event loops may race past the token check by up to {@code threads - 1}) and arms the
 * handshake deadline; {@code channelActive} (handshake done) arms the query-idle timer; a stream arms its
 * deadline when its first read leaves the request incomplete, so a request that arrives whole costs no timer.
 */
public final class ServerEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ServerEngine.class);
    /** QUIC transport error CONNECTION_REFUSED (RFC 9000, 20.1). */
    private static final int CONNECTION_REFUSED = 0x2;
    /** QUIC NO_ERROR, used as the application close code of an idle connection. */
    private static final int NO_ERROR = 0x0;
    /** A send path longer than this is a stall, not a path: it is not learned, and no lead exceeds it. */
    private static final long MAX_SEND_LEAD_NANOS = 100_000;
    private static final AttributeKey<Integer> DATAGRAM_MAX = AttributeKey.valueOf("tsq.datagramMax");
    private static final AttributeKey<Conn> CONN = AttributeKey.valueOf("tsq.conn");

    private final Responder responder;
    private final ServerStats stats;
    private final RateLimiter limiter;
    private final ConnectionTracker tracker;
    private final EngineConfig cfg;
    private final ServerEventListener events;
    /** Request scratch: maxRequestBytes + 1, so that "too large" stays visible to the responder. */
    private final byte[] in;
    private final byte[] out;
    private final byte[] rateLimitedResponse;
    private final byte[] streamTimeoutResponse;
    private final RetryTokenHandler tokenHandler;

    /** T2 (the receive time of the UDP packet being processed) and the flushes of sealed packets. */
    private final PacketTimes packets;
    /** A response whose packet had not been flushed when its write returned: its path and T3's reading. */
    private @Nullable SendDelayEstimator pendingPath;
    private long pendingT3Read;
    /** This loop's own send paths, T3 to the socket write, per transport (streams take a longer path). */
    private final SendDelayEstimator datagramSend = new SendDelayEstimator(MAX_SEND_LEAD_NANOS);
    private final SendDelayEstimator streamSend = new SendDelayEstimator(MAX_SEND_LEAD_NANOS);

    private final ChannelHandler packetStamp = new PacketStamp();
    private final ChannelHandler connectionHandler = new ConnectionHandler();
    private final ChannelHandler streamInitializer = new StreamInitializer();

    /** Per-connection state (an attribute of the QuicChannel). Event-loop confined. */
    private static final class Conn {
        final SourceKey source;
        final InetSocketAddress remote;
        boolean halfOpen = true;
        long lastQueryNanos;
        long queries;
        ScheduledFuture<?> timer;

        Conn(SourceKey source, InetSocketAddress remote) {
            this.source = source;
            this.remote = remote;
        }
    }

    public ServerEngine(WallClock clock, Responder responder, ServerStats stats, RateLimiter limiter,
                        ConnectionTracker tracker, EngineConfig cfg, byte[] retryKey) {
        this.packets = new PacketTimes(clock, cfg.kernelTimestamps());
        this.responder = responder;
        this.stats = stats;
        this.limiter = limiter;
        this.tracker = tracker;
        this.cfg = cfg;
        this.events = cfg.events();
        this.in = new byte[cfg.maxRequestBytes() + 1];
        this.out = new byte[cfg.maxResponseBytes()];
        this.rateLimitedResponse = MessageCodec.encode(ErrorResponse.of(ErrorTlv.RATE_LIMITED, "rate limited"));
        this.streamTimeoutResponse = MessageCodec.encode(ErrorResponse.of(ErrorTlv.MALFORMED_REQUEST,
                "request not complete within " + TimeUnit.NANOSECONDS.toMillis(cfg.streamTimeoutNanos()) + " ms"));
        this.tokenHandler = new RetryTokenHandler(retryKey, 10_000, new Gate());
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

    /** The codec's token handler: Retry and the cheap connection refusals. */
    public QuicTokenHandler tokenHandler() {
        return tokenHandler;
    }

    private void refused(InetSocketAddress remote, ServerLimit limit) {
        stats.limitFired(limit);
        try {
            events.connectionRefused(remote, limit);
        } catch (RuntimeException e) {
            LOG.warn("event listener failed", e);
        }
    }

    private final class Gate implements RetryTokenHandler.Gate {
        @Override
        public ServerLimit refuse(InetSocketAddress sender) {
            ServerLimit limit = null;
            if (tracker.active.get() >= cfg.maxConnections()) {
                limit = ServerLimit.MAX_CONNECTIONS;
            } else if (tracker.ofSource(SourceKey.of(sender.getAddress())) >= cfg.maxConnectionsPerSource()) {
                limit = ServerLimit.CONNECTIONS_PER_SOURCE;
            }
            if (limit != null) {
                LOG.debug("refusing a connection from {}: {}", sender, limit);
                refused(sender, limit);
            }
            return limit;
        }

        @Override
        public boolean retryNow() {
            return tracker.halfOpen.get() >= cfg.retryHalfOpen();
        }

        @Override
        public void retrySent() {
            stats.retries.increment();
        }

        @Override
        public void invalidToken(InetSocketAddress sender) {
            refused(sender, ServerLimit.INVALID_RETRY_TOKEN);
        }
    }

    /** Rate-limit admission; {@code cost} tokens. */
    private boolean admit(Conn c, TransportMode mode, double cost) {
        if (limiter.isUnlimited()) {
            return true;
        }
        if (limiter.tryAcquire(c.source, cost, System.nanoTime())) {
            return true;
        }
        stats.rejected(mode, RejectReason.RATE_LIMITED, "source " + c.source + " over its rate limit");
        refused(c.remote, ServerLimit.RATE_LIMIT);
        return false;
    }

    /** Tokens this request costs: {@code signedCost} when its response will be signed, else 1. */
    private double cost(byte[] b, int n) {
        if (cfg.signedCost() == 1) {
            return 1;
        }
        return cfg.alwaysSigned() || asksForSignature(b, n) ? cfg.signedCost() : 1;
    }

    /** True when the TLVs in {@code b[0, n)} include a Signature Request (a plain walk; stops at a bad TLV). */
    static boolean asksForSignature(byte[] b, int n) {
        int p = 0;
        while (p + 2 <= n) {
            if ((b[p] & 0xFF) == TlvType.SIGNATURE_REQUEST) {
                return true;
            }
            p += 2 + (b[p + 1] & 0xFF);
        }
        return false;
    }

    /**
     * First handler on the UDP channel: stamps T2 for every packet read, and the moment the QUIC codec flushes
     * sealed packets to the socket (the last point before {@code sendmsg} that Netty lets us see), from which
     * this loop learns its send path for T3's lead.
     */
    @ChannelHandler.Sharable
    private final class PacketStamp extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            packets.packetRead();
            if (packets.socketPending()) {
                packets.socket(ctx.channel() instanceof EpollDatagramChannel epoll ? epoll.fd().intValue() : -1);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            packets.flushing();
            if (pendingPath != null) { // a response written earlier in this read, sent only now
                pendingPath.record(packets.firstFlushNanos() - pendingT3Read);
                pendingPath = null;
            }
            ctx.flush();
        }
    }

    /**
     * T2: the receive time of the UDP packet being processed, from the kernel's stamp where there is one (so the
     * wake-up and read path stays out of it, as it does for the client's T4), else the pipeline's stamp. Call
     * only within that packet's {@code channelRead} (the QUIC codec delivers requests synchronously there).
     */
    private long receiveTime() {
        return packets.receiveNanos();
    }

    /**
     * Writes a response and learns the send path from it: T3 (read back from the response, less the lead it was
     * given) to the first flush of sealed packets during the write (the flush strategy sends each packet at
     * once, so that flush is this response's packet), or, when the codec holds the packet until the read that
     * carried the request completes, to that later flush.
     *
     * @return the write's future for a stream write ({@code streamCtx} given); null for a datagram
     */
    private ChannelFuture writeLearning(Channel ch, Object msg, byte[] response, int len, long lead,
                                        SendDelayEstimator path, ChannelHandlerContext streamCtx) {
        long t3Bits = ServerExchange.sendTimestampBits(response, 0, len);
        packets.beginWrite();
        ChannelFuture f = null;
        if (streamCtx != null) {
            f = streamCtx.writeAndFlush(msg);
        } else {
            ch.writeAndFlush(msg, ch.voidPromise());
        }
        if (t3Bits != 0) {
            // The request's read time resolves T3's NTP era: the same era, and no clock read of its own.
            long t3Read = NtpTimestamp.epochNanosOf(t3Bits, packets.readNanos()) - lead;
            if (packets.flushedSinceWrite()) {
                path.record(packets.firstFlushNanos() - t3Read);
            } else {
                // Written inside a read: the codec sends it when the read completes (a stream's reply does
                // this); learn from that flush. Of several such replies the last one is kept: the shortest
                // path, so the lead errs early rather than after the packet left.
                pendingPath = path;
                pendingT3Read = t3Read;
            }
        }
        packets.beginWrite();
        return f;
    }

    /** On every QUIC connection: limits, deadlines, datagram requests; streams are passed on. */
    @ChannelHandler.Sharable
    private final class ConnectionHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRegistered(ChannelHandlerContext ctx) {
            QuicChannel ch = (QuicChannel) ctx.channel();
            InetSocketAddress remote = (InetSocketAddress) ch.remoteSocketAddress();
            InetAddress ip = remote != null ? remote.getAddress() : InetAddress.getLoopbackAddress();
            Conn c = new Conn(SourceKey.of(ip), remote);
            ch.attr(CONN).set(c);
            long active = tracker.active.incrementAndGet();
            tracker.halfOpen.incrementAndGet();
            tracker.opened(c.source);
            stats.totalConnections.increment();
            if (active > cfg.maxConnections()) {
                // Only when event loops raced past the token handler's check.
                refused(remote, ServerLimit.MAX_CONNECTIONS);
                ctx.channel().eventLoop().execute(() -> ch.close(false, CONNECTION_REFUSED,
                        Unpooled.copiedBuffer("server busy", StandardCharsets.US_ASCII)));
            } else {
                try {
                    events.connectionAccepted(remote);
                } catch (RuntimeException e) {
                    LOG.warn("event listener failed", e);
                }
                c.timer = ch.eventLoop().schedule(() -> handshakeDeadline(ch, c), cfg.handshakeTimeoutNanos(),
                        TimeUnit.NANOSECONDS);
            }
            ctx.fireChannelRegistered();
        }

        private void handshakeDeadline(QuicChannel ch, Conn c) {
            if (c.halfOpen && ch.isOpen()) {
                c.halfOpen = false;
                tracker.halfOpen.decrementAndGet();
                refused(c.remote, ServerLimit.HANDSHAKE_TIMEOUT);
                LOG.debug("connection from {} not established within {} ms: closing", c.remote,
                        TimeUnit.NANOSECONDS.toMillis(cfg.handshakeTimeoutNanos()));
                ch.close(false, CONNECTION_REFUSED,
                        Unpooled.copiedBuffer("handshake timeout", StandardCharsets.US_ASCII));
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            QuicChannel ch = (QuicChannel) ctx.channel();
            Conn c = ch.attr(CONN).get();
            if (c != null && c.halfOpen) {
                c.halfOpen = false;
                tracker.halfOpen.decrementAndGet();
                if (c.timer != null) {
                    c.timer.cancel(false);
                }
                c.lastQueryNanos = System.nanoTime();
                c.timer = ch.eventLoop().schedule(() -> queryIdleCheck(ch, c), cfg.queryIdleNanos(), TimeUnit.NANOSECONDS);
            }
            ctx.fireChannelActive();
        }

        private void queryIdleCheck(QuicChannel ch, Conn c) {
            if (!ch.isOpen()) {
                return;
            }
            long idle = System.nanoTime() - c.lastQueryNanos;
            if (idle >= cfg.queryIdleNanos()) {
                refused(c.remote, ServerLimit.QUERY_IDLE);
                LOG.debug("connection from {} carried no query for {} ms: closing", c.remote,
                        TimeUnit.NANOSECONDS.toMillis(idle));
                ch.close(true, NO_ERROR, Unpooled.copiedBuffer("no query for "
                        + TimeUnit.NANOSECONDS.toSeconds(cfg.queryIdleNanos()) + " s", StandardCharsets.US_ASCII));
            } else {
                c.timer = ch.eventLoop().schedule(() -> queryIdleCheck(ch, c), cfg.queryIdleNanos() - idle,
                        TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void channelUnregistered(ChannelHandlerContext ctx) {
            Conn c = ctx.channel().attr(CONN).getAndSet(null);
            if (c != null) {
                tracker.active.decrementAndGet();
                tracker.closed(c.source);
                if (c.halfOpen) {
                    c.halfOpen = false;
                    tracker.halfOpen.decrementAndGet();
                }
                if (c.timer != null) {
                    c.timer.cancel(false);
                }
                try {
                    events.connectionClosed(c.remote, c.queries);
                } catch (RuntimeException e) {
                    LOG.warn("event listener failed", e);
                }
            }
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
            long t2 = receiveTime();
            int n;
            Conn c = ch.attr(CONN).get();
            try {
                n = Math.min(buf.readableBytes(), in.length);
                buf.getBytes(buf.readerIndex(), in, 0, n);
            } finally {
                buf.release();
            }
            if (c != null) {
                c.lastQueryNanos = System.nanoTime();
                c.queries++;
                if (!admit(c, TransportMode.DATAGRAM, cost(in, n))) {
                    return;
                }
            }
            long lead = datagramSend.estimateNanos();
            int len = responder.respond(in, 0, n, t2, TransportMode.DATAGRAM, out, 0, lead);
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
            writeLearning(ch, response, out, len, lead, datagramSend, null);
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
     * limit. Unless the client's FIN already came, the receive side is stopped (STOP_SENDING, queued just
     * before the reply so that both leave in one packet, also from the deadline's timer), so a client that sends
     * its FIN later, or never, resets its side, the stream completes and QUIC grants new stream credit. The
     * response is written with FIN; the channel is closed at once when the stream is complete, else after at most
     * the stream deadline.
     */
    private final class StreamRequestHandler extends ChannelInboundHandlerAdapter {
        private ByteBuf pending; // only when a request arrives in pieces
        private boolean done;
        private ScheduledFuture<?> deadline;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            if (done) {
                buf.release();
                return;
            }
            long t2 = receiveTime();
            int n;
            if (pending == null) {
                n = Math.min(buf.readableBytes(), in.length);
                buf.getBytes(buf.readerIndex(), in, 0, n);
                buf.release();
                if (n < in.length && !MessageCodec.isWholeMessage(in, 0, n)) {
                    pending = ctx.alloc().heapBuffer(Math.min(in.length, Math.max(64, 2 * n)), in.length);
                    pending.writeBytes(in, 0, n);
                    armDeadline(ctx);
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

        private void armDeadline(ChannelHandlerContext ctx) {
            if (deadline == null) {
                deadline = ctx.executor().schedule(() -> timedOut(ctx), cfg.streamTimeoutNanos(), TimeUnit.NANOSECONDS);
            }
        }

        private void timedOut(ChannelHandlerContext ctx) {
            if (done || !ctx.channel().isActive()) {
                return;
            }
            done = true;
            releasePending();
            QuicStreamChannel ch = (QuicStreamChannel) ctx.channel();
            Conn c = ch.parent().attr(CONN).get();
            refused(c != null ? c.remote : null, ServerLimit.STREAM_TIMEOUT);
            write(ctx, streamTimeoutResponse, streamTimeoutResponse.length, 0);
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
                respond(ctx, n, receiveTime());
            }
            ctx.fireUserEventTriggered(evt);
        }

        private void respond(ChannelHandlerContext ctx, int n, long t2) {
            done = true;
            releasePending();
            QuicStreamChannel ch = (QuicStreamChannel) ctx.channel();
            Conn c = ch.parent().attr(CONN).get();
            byte[] src;
            int len;
            long lead = streamSend.estimateNanos();
            if (c != null) {
                c.lastQueryNanos = System.nanoTime();
                c.queries++;
            }
            if (c == null || admit(c, TransportMode.STREAM, cost(in, n))) {
                src = out;
                len = responder.respond(in, 0, n, t2, TransportMode.STREAM, out, 0, lead);
            } else {
                src = rateLimitedResponse;
                len = rateLimitedResponse.length;
            }
            if (len <= 0) {
                if (!ch.isInputShutdown()) {
                    ch.shutdownInput(0);
                }
                ch.close();
                return;
            }
            write(ctx, src, len, lead);
        }

        private void write(ChannelHandlerContext ctx, byte[] src, int len, long lead) {
            ByteBuf response = ctx.alloc().directBuffer(len);
            response.writeBytes(src, 0, len);
            QuicStreamChannel ch = (QuicStreamChannel) ctx.channel();
            boolean stop = !ch.isInputShutdown();
            if (stop) {
                // Before the reply, so that the STOP_SENDING leaves in the reply's packet: from the stream
                // deadline's timer nothing else would send it promptly.
                ch.shutdownInput(0);
            }
            writeLearning(ch, new DefaultQuicStreamFrame(response, true), src, len, lead, streamSend, ctx)
                    .addListener(f -> finish(ch, stop));
        }

        /**
         * After the reply: when the peer's FIN already came, the stream is complete and Netty closes it. Otherwise
         * the receive side is stopped (STOP_SENDING, so the peer resets its side instead of holding the stream)
         * and the channel stays open to read that RESET_STREAM or FIN: quiche frees a reset stream, and grants
         * new stream credit, only when the application reads it. The stream deadline bounds the wait.
         */
        private void finish(QuicStreamChannel ch, boolean stopped) {
            if (!stopped) {
                ch.close();
                return;
            }
            if (ch.isActive()) {
                ch.eventLoop().schedule(() -> {
                    if (ch.isActive()) {
                        ch.close();
                    }
                }, cfg.streamTimeoutNanos(), TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            releasePending();
            if (deadline != null) {
                deadline.cancel(false);
            }
            ctx.fireChannelInactive();
        }

        private void releasePending() {
            if (pending != null) {
                pending.release();
                pending = null;
            }
            if (deadline != null && done) {
                deadline.cancel(false);
                deadline = null;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("stream {}: {}", ctx.channel(), cause.toString());
            ctx.close();
        }
    }
}
