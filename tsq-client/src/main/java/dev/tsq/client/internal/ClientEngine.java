package dev.tsq.client.internal;

import dev.tsq.TsqException;
import dev.tsq.client.ConnectionInfo;
import dev.tsq.client.DatagramsUnsupportedException;
import dev.tsq.client.HandshakeException;
import dev.tsq.client.QueryMode;
import dev.tsq.client.QueryTimeoutException;
import dev.tsq.client.ServerAddress;
import dev.tsq.client.TsqSample;
import dev.tsq.client.UnreachableException;
import dev.tsq.exchange.AnomalousSampleException;
import dev.tsq.exchange.ClientExchange;
import dev.tsq.exchange.PendingRequest;
import dev.tsq.exchange.Reply;
import dev.tsq.exchange.ResponseRejectedException;
import dev.tsq.exchange.ServerErrorException;
import dev.tsq.exchange.TransportMode;
import dev.tsq.sync.Measurement;
import dev.tsq.sync.RejectedSample;
import dev.tsq.sync.Sample;
import dev.tsq.time.WallClock;
import dev.tsq.wire.MessageCodec;
import dev.tsq.wire.Nonce;
import dev.tsq.wire.TimeResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClosedChannelException;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicDatagramExtensionEvent;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslEngine;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamLimitChangedEvent;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a {@link dev.tsq.client.TsqClient} does on the network. All state is confined to one event loop
 * (the one that owns the client's UDP channel; every QUIC connection and stream of that channel lives on it),
 * so nothing here is locked. Public entry points hop onto the loop.
 *
 * <h2>Timestamps</h2>
 * T1 is read from the client clock on the event loop immediately before the request is handed to
 * {@code writeAndFlush} (the flush strategy sends each QUIC packet at once). T4 is read by the first handler
 * on the UDP channel for every packet ({@link #packetStamp()}); the QUIC codec delivers datagram payloads and
 * stream data synchronously inside that packet's {@code channelRead}, so the handler that completes a
 * response reads the receive time of exactly the packet that carried it.
 *
 * <h2>Matching</h2>
 * Datagram responses are matched to their request by nonce ({@link Nonce#peek}); each datagram retry is a new
 * request with a new nonce and its own T1, and all attempts of a query stay registered until it completes, so a
 * late answer to an earlier attempt still yields a correct sample (its own T1). A stream carries exactly one
 * request; its response must still echo that request's nonce.
 */
public final class ClientEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ClientEngine.class);
    private static final AttributeKey<Conn> CONN = AttributeKey.valueOf("tsq.conn");
    /** TLS alert no_application_protocol (RFC 7301). */
    private static final int ALERT_NO_APPLICATION_PROTOCOL = 120;
    /** Consecutive queries whose every datagram was lost before AUTO mode stops using datagrams. */
    static final int LOSS_LIMIT = 3;
    private static final int MAX_RESPONSE_BYTES = 65_535;

    /** Settings the engine needs (validated by the builder). */
    public record Settings(ClientExchange exchange, WallClock clock, QueryMode mode, List<String> alpns,
                           long timeoutNanos, long connectTimeoutMillis, int datagramAttempts,
                           long datagramRetryNanos) {
    }

    private final Settings s;
    private final QuicSslContext ssl;
    private final Map<SSLEngine, Conn> engines = new HashMap<>();
    private final Map<ServerAddress, Conn> conns = new HashMap<>();
    private final byte[] scratch = new byte[MAX_RESPONSE_BYTES];
    private final byte[] requestScratch = new byte[2048];
    private final ChannelHandler packetStamp = new PacketStamp();
    private Channel udp;
    private EventLoop loop;
    private boolean closed;
    /** Receive time (client clock, epoch ns) of the UDP packet being processed. Event-loop confined. */
    private long lastPacketNanos;
    /** Datagram responses that matched no pending request (late beyond completion, or forged). */
    private long unmatchedDatagrams;

    public ClientEngine(Settings settings, QuicSslContext ssl) {
        this.s = settings;
        this.ssl = ssl;
    }

    /** Called once the UDP channel is bound. */
    public void attach(Channel udpChannel) {
        this.udp = udpChannel;
        this.loop = udpChannel.eventLoop();
    }

    public EventLoop loop() {
        return loop;
    }

    public ChannelHandler packetStamp() {
        return packetStamp;
    }

    /** For the QUIC codec: a TLS engine per connection, bound to the host and port we dial (SNI, host name check). */
    public QuicSslEngine newEngine(QuicChannel ch) {
        Conn conn = ch.attr(CONN).get();
        QuicSslEngine engine = conn != null
                ? ssl.newEngine(ch.alloc(), conn.address.host(), conn.address.port())
                : ssl.newEngine(ch.alloc());
        if (conn != null) {
            engines.put(engine, conn);
            conn.engine = engine;
        }
        return engine;
    }

    /** For the trust managers: why a handshake is about to fail (called on the event loop). */
    public void refused(SSLEngine engine, HandshakeException.Kind kind, CertificateException cause) {
        Conn conn = engine == null ? null : engines.get(engine);
        if (conn != null) {
            conn.refusalKind = kind;
            conn.refusal = cause;
        }
    }

    // ------------------------------------------------------------------------------------------ public entry

    /** Starts one query; completes on the event loop. */
    public void query(ServerAddress address, InetSocketAddress remote, CompletableFuture<TsqSample> future) {
        loop.execute(() -> submit(new Query(conn(address, remote), future)));
    }

    /** Opens (or reuses) the connection to a server. */
    public void connect(ServerAddress address, InetSocketAddress remote, CompletableFuture<ConnectionInfo> future) {
        loop.execute(() -> {
            if (closed) {
                future.completeExceptionally(new IllegalStateException("client is closed"));
                return;
            }
            Conn c = conn(address, remote);
            if (c.state == Conn.READY) {
                future.complete(c.info());
            } else {
                c.connectWaiters.add(future);
                if (c.state == Conn.IDLE) {
                    c.connect();
                }
            }
        });
    }

    /** Closes every connection and fails what is pending; call on any thread, then close the UDP channel. */
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            closed = true;
            for (Conn c : new ArrayList<>(conns.values())) {
                c.abort(new UnreachableException("client closed", null));
            }
            conns.clear();
            done.complete(null);
        });
        return done;
    }

    private Conn conn(ServerAddress address, InetSocketAddress remote) {
        Conn c = conns.get(address);
        if (c == null) {
            c = new Conn(address, remote);
            conns.put(address, c);
        }
        return c;
    }

    private void submit(Query q) {
        if (closed) {
            q.future.completeExceptionally(new IllegalStateException("client is closed"));
            return;
        }
        Conn c = q.conn;
        if (c.state == Conn.READY && !c.channel.isActive()) {
            c.closed(c.channel, null); // closed under us and not yet told: reconnect
        }
        switch (c.state) {
            case Conn.READY:
                dispatch(q);
                break;
            case Conn.CONNECTING:
                c.waiting.add(q);
                break;
            default:
                c.waiting.add(q);
                c.connect();
        }
    }

    private void dispatch(Query q) {
        Conn c = q.conn;
        q.deadline = System.nanoTime() + s.timeoutNanos;
        switch (s.mode) {
            case STREAM:
                stream(q);
                break;
            case DATAGRAM:
                if (!c.datagrams) {
                    q.fail(new DatagramsUnsupportedException("server " + c.name + " does not accept QUIC datagrams"
                            + " (use stream or auto mode)"));
                } else {
                    sendDatagram(q);
                }
                break;
            default:
                if (c.datagrams && !c.demoted) {
                    sendDatagram(q);
                } else {
                    stream(q);
                }
        }
    }

    // ------------------------------------------------------------------------------------------ datagrams

    private void sendDatagram(Query q) {
        Conn c = q.conn;
        PendingRequest req = s.exchange.newRequest();
        int len = req.copyTo(requestScratch, 0);
        if (c.datagramMax > 0 && len > c.datagramMax) {
            q.fail(new DatagramsUnsupportedException("request of " + len + " bytes exceeds the largest datagram "
                    + c.name + " accepts (" + c.datagramMax + ")"));
            return;
        }
        Attempt a = new Attempt(q, req);
        q.attempts.add(a);
        c.inflight.put(req.nonce(), a);
        q.mode = TransportMode.DATAGRAM;
        ByteBuf buf = c.channel.alloc().directBuffer(len);
        buf.writeBytes(requestScratch, 0, len);
        long retryAt = Math.min(s.datagramRetryNanos, q.deadline - System.nanoTime());
        q.reschedule(Math.max(0, retryAt), this::onDatagramTimer);
        a.t1 = s.clock.epochNanos();
        c.channel.writeAndFlush(buf, c.channel.voidPromise());
    }

    private void onDatagramTimer(Query q) {
        if (q.done) {
            return;
        }
        long now = System.nanoTime();
        if (q.attempts.size() < s.datagramAttempts && now < q.deadline) {
            sendDatagram(q);
            return;
        }
        Conn c = q.conn;
        if (s.mode == QueryMode.AUTO) {
            if (++c.lossStreak >= LOSS_LIMIT && !c.demoted) {
                c.demoted = true;
                LOG.info("{}: {} queries in a row lost every datagram; using streams on this connection", c.name,
                        c.lossStreak);
            }
            if (now < q.deadline) {
                stream(q); // earlier datagram attempts stay registered: a late answer still counts
                return;
            }
        }
        q.fail(new QueryTimeoutException("no response from " + c.name + " to " + q.attempts.size()
                + " datagram request(s) within " + TimeUnit.NANOSECONDS.toMillis(s.timeoutNanos) + " ms"));
    }

    private void onDatagram(Conn c, ByteBuf buf) {
        long t4 = lastPacketNanos;
        int len = buf.readableBytes();
        if (len > scratch.length) {
            buf.release();
            unmatchedDatagrams++;
            return;
        }
        buf.readBytes(scratch, 0, len);
        buf.release();
        Nonce nonce = Nonce.peek(scratch, 0, len);
        Attempt a = nonce == null ? null : c.inflight.get(nonce);
        if (a == null) {
            unmatchedDatagrams++;
            LOG.debug("{}: dropped a {}-byte datagram that answers no pending request", c.name, len);
            return;
        }
        c.lossStreak = 0;
        complete(a.query, a.request, a.t1, t4, len, TransportMode.DATAGRAM);
    }

    // ------------------------------------------------------------------------------------------ streams

    private void stream(Query q) {
        Conn c = q.conn;
        q.mode = TransportMode.STREAM;
        q.reschedule(Math.max(0, q.deadline - System.nanoTime()), this::onStreamDeadline);
        if (c.channel.peerAllowedStreams(QuicStreamType.BIDIRECTIONAL) <= 0) {
            c.streamWaiting.add(q);
            return;
        }
        openStream(q);
    }

    private void openStream(Query q) {
        Conn c = q.conn;
        PendingRequest req = s.exchange.newRequest();
        StreamHandler h = new StreamHandler(q, req);
        Future<QuicStreamChannel> f = c.channel.createStream(QuicStreamType.BIDIRECTIONAL, h);
        if (f.isDone()) {
            h.start(f);
        } else {
            f.addListener(x -> h.start(f));
        }
    }

    private void drainStreamWaiting(Conn c) {
        while (!c.streamWaiting.isEmpty() && c.channel != null
                && c.channel.peerAllowedStreams(QuicStreamType.BIDIRECTIONAL) > 0) {
            Query q = c.streamWaiting.poll();
            if (!q.done) {
                openStream(q);
            }
        }
    }

    private void onStreamDeadline(Query q) {
        if (q.done) {
            return;
        }
        TsqException last = q.lastRejection;
        q.fail(last != null ? last : new QueryTimeoutException("no response from " + q.conn.name
                + " on a stream within " + TimeUnit.NANOSECONDS.toMillis(s.timeoutNanos) + " ms"));
    }

    // ------------------------------------------------------------------------------------------ completion

    /** Validates {@code scratch[0, len)} as the response to {@code req}; completes the query either way. */
    private void complete(Query q, PendingRequest req, long t1, long t4, int len, TransportMode mode) {
        Reply reply;
        try {
            reply = s.exchange.complete(req, scratch, 0, len, t1, t4);
        } catch (TsqException e) {
            q.fail(e);
            return;
        }
        Measurement m = reply.measurement();
        if (m instanceof RejectedSample) {
            q.fail(new AnomalousSampleException(q.conn.name, (RejectedSample) m));
            return;
        }
        Sample sample = (Sample) m;
        TimeResponse r = reply.response();
        Conn c = q.conn;
        q.succeed(new TsqSample(c.name, c.remote, mode, c.alpn, sample.t1(), sample.t2(), sample.t3(), sample.t4(),
                sample.offsetNanos(), sample.delayNanos(), reply.authenticated(), reply.precisionAcknowledged(),
                reply.requestBytes(), reply.responseBytes(), r.metadata(), r.clockQuality(), r.timeSourceInfo()));
    }

    // ------------------------------------------------------------------------------------------ handlers

    /** First handler on the UDP channel: stamps T4 for every packet. */
    @ChannelHandler.Sharable
    private final class PacketStamp extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            lastPacketNanos = s.clock.epochNanos();
            ctx.fireChannelRead(msg);
        }
    }

    /** One query: its connection, future, deadline, timer and attempts. */
    private final class Query {
        final Conn conn;
        final CompletableFuture<TsqSample> future;
        final List<Attempt> attempts = new ArrayList<>(2);
        long deadline;
        TransportMode mode;
        ScheduledFuture<?> timer;
        QuicStreamChannel stream;
        TsqException lastRejection;
        boolean done;

        Query(Conn conn, CompletableFuture<TsqSample> future) {
            this.conn = conn;
            this.future = future;
        }

        void reschedule(long delayNanos, java.util.function.Consumer<Query> action) {
            if (timer != null) {
                timer.cancel(false);
            }
            timer = loop.schedule(() -> action.accept(this), delayNanos, TimeUnit.NANOSECONDS);
        }

        void succeed(TsqSample sample) {
            if (finish()) {
                future.complete(sample);
            }
        }

        void fail(Throwable t) {
            if (finish()) {
                future.completeExceptionally(t);
            }
        }

        private boolean finish() {
            if (done) {
                return false;
            }
            done = true;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            for (Attempt a : attempts) {
                conn.inflight.remove(a.request.nonce());
            }
            if (stream != null) {
                stream.close();
                stream = null;
            }
            return true;
        }
    }

    private static final class Attempt {
        final Query query;
        final PendingRequest request;
        long t1;

        Attempt(Query query, PendingRequest request) {
            this.query = query;
            this.request = request;
        }
    }

    /**
     * One stream exchange. Completes as soon as the bytes read so far form a whole, valid response (the
     * reference server does not send FIN); a response that does not validate yet may still be incomplete, so
     * its rejection is kept and reported at FIN or at the deadline.
     */
    private final class StreamHandler extends ChannelInboundHandlerAdapter {
        private final Query q;
        private final PendingRequest req;
        private ByteBuf pending;
        private long t1;

        StreamHandler(Query q, PendingRequest req) {
            this.q = q;
            this.req = req;
        }

        void start(Future<QuicStreamChannel> f) {
            if (!f.isSuccess()) {
                q.fail(new UnreachableException("cannot open a stream to " + q.conn.name + ": " + f.cause(),
                        f.cause()));
                return;
            }
            QuicStreamChannel ch = f.getNow();
            if (q.done) {
                ch.close();
                return;
            }
            q.stream = ch;
            int len = req.copyTo(requestScratch, 0);
            ByteBuf buf = ch.alloc().directBuffer(len);
            buf.writeBytes(requestScratch, 0, len);
            t1 = s.clock.epochNanos();
            ch.writeAndFlush(new DefaultQuicStreamFrame(buf, true), ch.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            long t4 = lastPacketNanos;
            if (q.done) {
                buf.release();
                return;
            }
            int len;
            if (pending == null && buf.readableBytes() <= scratch.length) {
                len = buf.readableBytes();
                buf.getBytes(buf.readerIndex(), scratch, 0, len);
                if (!MessageCodec.isWholeMessage(scratch, 0, len) || !tryComplete(len, t4)) {
                    pending = ctx.alloc().heapBuffer(Math.max(256, len * 2));
                    pending.writeBytes(buf);
                }
                buf.release();
                return;
            }
            if (pending == null) {
                pending = ctx.alloc().heapBuffer(buf.readableBytes());
            }
            pending.writeBytes(buf);
            buf.release();
            len = pending.readableBytes();
            if (len > scratch.length) {
                q.fail(new ResponseRejectedException(ResponseRejectedException.Reason.MALFORMED,
                        "response from " + q.conn.name + " exceeds " + scratch.length + " bytes"));
                return;
            }
            pending.getBytes(0, scratch, 0, len);
            if (MessageCodec.isWholeMessage(scratch, 0, len)) {
                tryComplete(len, t4);
            }
        }

        /** True when the query is now done (success or a definite failure). */
        private boolean tryComplete(int len, long t4) {
            Reply reply;
            try {
                reply = s.exchange.complete(req, scratch, 0, len, t1, t4);
            } catch (ServerErrorException e) {
                q.fail(e);
                return true;
            } catch (ResponseRejectedException e) {
                switch (e.reason()) {
                    case NONCE_MISMATCH:
                    case BAD_SIGNATURE:
                        q.fail(e);
                        return true;
                    default:
                        q.lastRejection = e; // perhaps only a prefix so far: wait for more bytes or FIN
                        return false;
                }
            } catch (TsqException e) {
                q.fail(e);
                return true;
            }
            finishReply(reply);
            return true;
        }

        private void finishReply(Reply reply) {
            Measurement m = reply.measurement();
            if (m instanceof RejectedSample) {
                q.fail(new AnomalousSampleException(q.conn.name, (RejectedSample) m));
                return;
            }
            Sample sample = (Sample) m;
            TimeResponse r = reply.response();
            Conn c = q.conn;
            q.succeed(new TsqSample(c.name, c.remote, TransportMode.STREAM, c.alpn, sample.t1(), sample.t2(),
                    sample.t3(), sample.t4(), sample.offsetNanos(), sample.delayNanos(), reply.authenticated(),
                    reply.precisionAcknowledged(), reply.requestBytes(), reply.responseBytes(), r.metadata(),
                    r.clockQuality(), r.timeSourceInfo()));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownReadComplete.INSTANCE && !q.done) {
                TsqException last = q.lastRejection;
                q.fail(last != null ? last : new ResponseRejectedException(ResponseRejectedException.Reason.MALFORMED,
                        q.conn.name + " ended the stream before a whole response ("
                                + (pending == null ? 0 : pending.readableBytes()) + " bytes)"));
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (pending != null) {
                pending.release();
                pending = null;
            }
            if (!q.done && q.mode == TransportMode.STREAM) {
                TsqException last = q.lastRejection;
                q.fail(last != null ? last : new UnreachableException("the stream to " + q.conn.name
                        + " closed before a response", null));
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("{}: stream error: {}", q.conn.name, cause.toString());
            if (!q.done) {
                q.fail(new UnreachableException("stream to " + q.conn.name + " failed: " + cause, cause));
            }
            ctx.close();
        }
    }

    /** The connection to one server: state machine, pending queries, and the QUIC channel handler. */
    private final class Conn {
        static final int IDLE = 0;
        static final int CONNECTING = 1;
        static final int READY = 2;

        final ServerAddress address;
        final String name;
        final InetSocketAddress remote;
        final ArrayDeque<Query> waiting = new ArrayDeque<>();
        final ArrayDeque<Query> streamWaiting = new ArrayDeque<>();
        final List<CompletableFuture<ConnectionInfo>> connectWaiters = new ArrayList<>(1);
        final HashMap<Nonce, Attempt> inflight = new HashMap<>();
        int state = IDLE;
        QuicChannel channel;
        QuicChannel connecting;
        SSLEngine engine;
        String alpn;
        boolean datagrams;
        int datagramMax;
        boolean demoted;
        int lossStreak;
        long connectStart;
        long handshakeNanos;
        HandshakeException.Kind refusalKind;
        CertificateException refusal;

        Conn(ServerAddress address, InetSocketAddress remote) {
            this.address = address;
            this.name = address.toString();
            this.remote = remote;
        }

        ConnectionInfo info() {
            return new ConnectionInfo(name, remote, alpn, datagrams, handshakeNanos);
        }

        void connect() {
            state = CONNECTING;
            refusalKind = null;
            refusal = null;
            connectStart = System.nanoTime();
            ConnHandler handler = new ConnHandler(this);
            QuicChannel.newBootstrap(udp)
                    .handler(handler)
                    .remoteAddress(remote)
                    .attr(CONN, this)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) s.connectTimeoutMillis)
                    .connect()
                    .addListener(f -> {
                        if (f.isSuccess()) {
                            connected(handler, (QuicChannel) f.getNow());
                        } else {
                            connectFailed(handler, f.cause());
                        }
                    });
        }

        private void connected(ConnHandler handler, QuicChannel ch) {
            forgetEngine();
            if (state != CONNECTING || handler.failed) {
                ch.close();
                return;
            }
            handshakeNanos = System.nanoTime() - connectStart;
            String negotiated = ch.sslEngine() == null ? null : ch.sslEngine().getApplicationProtocol();
            if (negotiated == null || !s.alpns.contains(negotiated)) {
                ch.close();
                fail(new HandshakeException(name, HandshakeException.Kind.ALPN, "the server selected ALPN "
                        + (negotiated == null || negotiated.isEmpty() ? "none" : "'" + negotiated + "'")
                        + ", we offered " + s.alpns, null));
                return;
            }
            channel = ch;
            alpn = negotiated;
            // The datagram-extension event fires right after this listener, in the same call: decide once
            // it has been delivered.
            loop.execute(() -> ready(ch));
        }

        private void ready(QuicChannel ch) {
            if (channel != ch || state != CONNECTING) {
                return;
            }
            datagrams = datagramMax > 0;
            state = READY;
            LOG.debug("{}: connected in {} us, alpn {}, datagrams {}", name, handshakeNanos / 1000, alpn,
                    datagrams ? "up to " + datagramMax + " bytes" : "no");
            ConnectionInfo info = info();
            for (CompletableFuture<ConnectionInfo> w : connectWaiters) {
                w.complete(info);
            }
            connectWaiters.clear();
            while (!waiting.isEmpty()) {
                dispatch(waiting.poll());
            }
        }

        private void connectFailed(ConnHandler handler, Throwable cause) {
            forgetEngine();
            if (state != CONNECTING || handler.failed) {
                return; // already failed by the close event
            }
            fail(classify(cause, handler.closeEvent));
        }

        /** Fails the connection attempt early: e.g. the server refused ALPN and said so. */
        void failEarly(ConnHandler handler, QuicConnectionCloseEvent event) {
            if (state != CONNECTING || handler.failed) {
                return;
            }
            handler.failed = true;
            fail(classify(null, event));
        }

        private TsqException classify(Throwable cause, QuicConnectionCloseEvent event) {
            if (refusalKind != null) {
                return new HandshakeException(name, refusalKind, refusal.getMessage(), refusal);
            }
            if (cause instanceof QuicClosedChannelException && event == null) {
                event = ((QuicClosedChannelException) cause).event();
            }
            if (event != null && event.isTlsError()) {
                int alert = QuicConnectionCloseEvent.extractTlsError(event.error());
                if (alert == ALERT_NO_APPLICATION_PROTOCOL) {
                    return new HandshakeException(name, HandshakeException.Kind.ALPN, "the server accepts none of"
                            + " the ALPN identifiers we offered " + s.alpns, cause);
                }
                return new HandshakeException(name, alert == 42 || alert == 43 || alert == 44 || alert == 45
                        || alert == 46 || alert == 48 ? HandshakeException.Kind.CERTIFICATE
                        : HandshakeException.Kind.OTHER, "TLS alert " + alert + reason(event), cause);
            }
            if (event != null) {
                return new UnreachableException(name + " closed the connection during the handshake (error "
                        + event.error() + reason(event) + ")", cause);
            }
            if (cause instanceof ConnectTimeoutException) {
                return new UnreachableException("no handshake answer from " + name + " (" + remote + ") within "
                        + s.connectTimeoutMillis + " ms", cause);
            }
            if (cause instanceof javax.net.ssl.SSLException || cause instanceof io.netty.handler.codec.quic.QuicException) {
                return new HandshakeException(name, HandshakeException.Kind.OTHER, String.valueOf(cause.getMessage()),
                        cause);
            }
            return new UnreachableException("cannot connect to " + name + " (" + remote + "): " + cause, cause);
        }

        private String reason(QuicConnectionCloseEvent e) {
            byte[] r = e.reason();
            return r == null || r.length == 0 ? "" : ": " + new String(r, StandardCharsets.UTF_8);
        }

        private void forgetEngine() {
            if (engine != null) {
                engines.remove(engine);
                engine = null;
            }
        }

        private void fail(TsqException e) {
            state = IDLE;
            channel = null;
            for (CompletableFuture<ConnectionInfo> w : connectWaiters) {
                w.completeExceptionally(e);
            }
            connectWaiters.clear();
            while (!waiting.isEmpty()) {
                waiting.poll().fail(e);
            }
        }

        /** The connection closed (idle timeout, server gone, client closing). */
        void closed(QuicChannel ch, QuicConnectionCloseEvent event) {
            if (ch != channel) {
                return;
            }
            String why = event == null ? "" : " (error " + event.error() + reason(event) + ")";
            UnreachableException e = new UnreachableException("connection to " + name + " closed" + why, null);
            if (state == CONNECTING) {
                fail(e); // closed between the handshake and ready(): fail the waiters too
            }
            channel = null;
            state = IDLE;
            abortInflight(e);
        }

        void abort(TsqException e) {
            QuicChannel ch = channel;
            fail(e);
            abortInflight(e);
            if (ch != null) {
                ch.close();
            }
        }

        private void abortInflight(TsqException e) {
            for (Attempt a : new ArrayList<>(inflight.values())) {
                a.query.fail(e);
            }
            while (!streamWaiting.isEmpty()) {
                streamWaiting.poll().fail(e);
            }
        }
    }

    /** Handler on one QUIC connection: datagram responses, close and limit events. */
    private final class ConnHandler extends ChannelInboundHandlerAdapter {
        private final Conn conn;
        QuicConnectionCloseEvent closeEvent;
        boolean failed;

        ConnHandler(Conn conn) {
            this.conn = conn;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf) {
                onDatagram(conn, (ByteBuf) msg);
            } else {
                // The server may not open streams to us (we allow none); drop anything else.
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof QuicDatagramExtensionEvent) {
                conn.datagramMax = ((QuicDatagramExtensionEvent) evt).maxLength();
            } else if (evt instanceof QuicStreamLimitChangedEvent) {
                if (conn.channel == ctx.channel()) {
                    drainStreamWaiting(conn);
                }
            } else if (evt instanceof QuicConnectionCloseEvent) {
                closeEvent = (QuicConnectionCloseEvent) evt;
                if (conn.state == Conn.CONNECTING) {
                    // A refused handshake (e.g. ALPN) arrives here at once; connect() would fail only later.
                    conn.failEarly(this, closeEvent);
                    ctx.channel().close();
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            conn.closed((QuicChannel) ctx.channel(), closeEvent);
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("{}: connection error: {}", conn.name, cause.toString());
        }
    }

    /** Diagnostics: datagram responses that matched nothing. */
    public long unmatchedDatagrams() {
        return unmatchedDatagrams;
    }
}
