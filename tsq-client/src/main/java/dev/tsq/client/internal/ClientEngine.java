package dev.tsq.client.internal;

import dev.tsq.TsqException;
import dev.tsq.client.ClientCounters;
import dev.tsq.client.ConnectionInfo;
import dev.tsq.client.DatagramsUnsupportedException;
import dev.tsq.client.HandshakeException;
import dev.tsq.client.QueryMode;
import dev.tsq.client.QueryTimeoutException;
import dev.tsq.client.ServerAddress;
import dev.tsq.client.TsqClientListener;
import dev.tsq.client.TsqFailure;
import dev.tsq.client.TsqSample;
import dev.tsq.client.UnreachableException;
import dev.tsq.engine.FailureKind;
import dev.tsq.exchange.ClientExchange;
import dev.tsq.exchange.Reply;
import dev.tsq.internal.PacketTimes;
import dev.tsq.session.QueryFailure;
import dev.tsq.session.SessionAction;
import dev.tsq.session.SessionConfig;
import dev.tsq.session.SessionMode;
import dev.tsq.session.SourceSession;
import dev.tsq.session.StreamEvent;
import dev.tsq.sync.Sample;
import dev.tsq.time.WallClock;
import dev.tsq.wire.TimeResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicDatagramExtensionEvent;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslEngine;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamLimitChangedEvent;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.security.cert.CertificateException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes the {@link SourceSession}s of a {@link dev.tsq.client.TsqClient} over Netty QUIC. Every decision
 * (retries, deadlines, AUTO demotion, nonce matching, failure classification) is the session's; this class
 * turns QUIC events into session events and session actions into writes, streams, connections and timers.
 * All state is confined to one event loop (the one that owns the client's UDP channel; every QUIC connection
 * and stream of that channel lives on it), so nothing here is locked. Public entry points hop onto the loop.
 *
 * <h2>Timestamps</h2>
 * T1 is read from the client clock when the QUIC codec, inside the request's {@code writeAndFlush} (the flush
 * strategy sends each QUIC packet at once), flushes the sealed packet to the UDP channel: after quiche has framed
 * and encrypted it, immediately before the socket write ({@link #writeStamped}); cold, framing and sealing took
 * hundreds of microseconds that used to count as the outbound path. T4 is read by the first handler
 * on the UDP channel for every packet ({@link #packetStamp()}); the QUIC codec delivers datagram payloads and
 * stream data synchronously inside that packet's {@code channelRead}, so the handler that hands a response to
 * the session reads the receive time of exactly the packet that carried it. Where {@code tsq-clock-linux} is on
 * the path (Linux, epoll), T4 is the kernel's receive stamp of that packet instead ({@link #receiveTime}, one
 * {@code ioctl(SIOCGSTAMPNS)} per response), so the loop's wake-up and read path is left out; a server of this
 * project stamps T2 the same way. The sessions' {@code now} is {@link System#nanoTime()}.
 */
public final class ClientEngine {
    private static final Logger LOG = LoggerFactory.getLogger(ClientEngine.class);
    private static final AttributeKey<Conn> CONN = AttributeKey.valueOf("tsq.conn");
    private static final int MAX_RESPONSE_BYTES = 65_535;

    /** Settings the engine needs (validated by the builder). */
    public record Settings(ClientExchange exchange, WallClock clock, QueryMode mode, List<String> alpns,
                           long timeoutNanos, long connectTimeoutMillis, int datagramAttempts,
                           long datagramRetryNanos, TsqClientListener listener, boolean kernelTimestamps) {
        SessionConfig session() {
            SessionMode m = switch (mode) {
                case DATAGRAM -> SessionMode.DATAGRAM;
                case STREAM -> SessionMode.STREAM;
                default -> SessionMode.AUTO;
            };
            return new SessionConfig(m, timeoutNanos, datagramAttempts, datagramRetryNanos,
                    SessionConfig.DEFAULT_LOSS_LIMIT);
        }
    }

    /** How a query ends: exactly one of the two arguments is non-null. Called on the event loop. */
    public interface Completion extends BiConsumer<TsqSample, TsqFailure> {
    }

    private final Settings s;
    private final SessionConfig sessionConfig;
    private final TsqClientListener listener;
    private final QuicSslContext ssl;
    private final Map<SSLEngine, Conn> engines = new HashMap<>();
    private final Map<ServerAddress, Conn> conns = new HashMap<>();
    private final byte[] scratch = new byte[MAX_RESPONSE_BYTES];
    private final ChannelHandler packetStamp = new PacketStamp();
    private Channel udp;
    private EventLoop loop;
    private boolean closed;
    private long nextQueryId = 1;
    /** T4 (the receive time of the UDP packet being processed) and T1 (the flush of the sealed request). */
    private final PacketTimes packets;

    // Counters: written only on the event loop, read from any thread.
    private volatile long queriesStarted;
    private volatile long queriesSucceeded;
    private volatile long queriesFailed;
    private volatile long connects;
    private volatile long connectFailures;
    private volatile long demotions;
    private volatile long unmatchedDatagrams;
    private volatile long silenceDrops;
    private volatile long lastOffsetNanos;
    private volatile long lastRttNanos;

    public ClientEngine(Settings settings, QuicSslContext ssl) {
        this.s = settings;
        this.sessionConfig = settings.session();
        this.listener = settings.listener();
        this.ssl = ssl;
        this.packets = new PacketTimes(settings.clock(), settings.kernelTimestamps());
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

    /**
     * For the outermost trust manager: {@code engine}'s handshake is checking a certificate, so it is a full one
     * (called on the event loop, before the check).
     */
    public void certificateChecked(SSLEngine engine) {
        Conn conn = engines.get(engine);
        if (conn != null) {
            conn.certificateChecked = true;
        }
    }

    /** The counters, now. Any thread. */
    public ClientCounters counters() {
        // Ends before starts: a query that starts and ends between the reads then never shows as -1 in flight.
        long succeeded = queriesSucceeded;
        long failed = queriesFailed;
        long started = queriesStarted;
        return new ClientCounters(started, succeeded, failed, connects, connectFailures, demotions,
                unmatchedDatagrams, lastOffsetNanos, lastRttNanos, silenceDrops);
    }

    // ------------------------------------------------------------------------------------------ public entry

    /** Starts one query; {@code done} is called on the event loop. */
    public void query(ServerAddress address, InetSocketAddress remote, Completion done) {
        loop.execute(() -> {
            if (closed) {
                done.accept(null, TsqFailure.of(address.toString(), new UnreachableException("client is closed", null)));
                return;
            }
            Conn c = conn(address, remote);
            if (c.channel != null && !c.channel.isActive()) {
                c.closed(c.channel, null); // closed under us and not yet told: reconnect
            }
            long id = nextQueryId++;
            queriesStarted++;
            tell(() -> listener.queryStart(c.name));
            c.queries.put(id, done);
            c.run(c.session.startQuery(id, System.nanoTime()));
        });
    }

    /** A query that failed before it could start (e.g. the host name did not resolve); counted and reported. */
    public void failedBeforeStart(ServerAddress address, TsqException e, Completion done) {
        loop.execute(() -> {
            queriesStarted++;
            tell(() -> listener.queryStart(address.toString()));
            TsqFailure f = TsqFailure.of(address.toString(), e);
            queriesFailed++;
            tell(() -> listener.queryFailed(f));
            done.accept(null, f);
        });
    }

    /** Opens (or reuses) the connection to a server. */
    public void connect(ServerAddress address, InetSocketAddress remote, CompletableFuture<ConnectionInfo> future) {
        loop.execute(() -> {
            if (closed) {
                future.completeExceptionally(new IllegalStateException("client is closed"));
                return;
            }
            Conn c = conn(address, remote);
            if (c.channel != null && !c.channel.isActive()) {
                c.closed(c.channel, null);
            }
            if (c.session.state() == SourceSession.State.READY) {
                future.complete(c.info);
            } else {
                c.connectWaiters.add(future);
                c.run(c.session.connect(System.nanoTime()));
            }
        });
    }

    /**
     * Closes the connection to one server (pending queries fail as on shutdown) and forgets it; {@code done}
     * completes when the QUIC connection is closed, at once when there is none. Any thread.
     */
    public void disconnect(ServerAddress address, CompletableFuture<Void> done) {
        loop.execute(() -> {
            Conn c = conns.remove(address);
            if (c == null) {
                done.complete(null);
                return;
            }
            c.shutdown("disconnected from " + c.name).addListener(f -> done.complete(null));
        });
    }

    /** Closes every connection and fails what is pending; call on any thread, then close the UDP channel. */
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            closed = true;
            for (Conn c : new ArrayList<>(conns.values())) {
                c.shutdown("client closed");
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

    private void tell(Runnable call) {
        if (listener == TsqClientListener.NONE) {
            return;
        }
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("TsqClientListener threw (ignored): {}", e.toString(), e);
        }
    }

    /** The exception the blocking API throws for a session's failure value. */
    private static TsqException exception(QueryFailure f) {
        if (f.exception() != null) {
            return f.exception();
        }
        return switch (f.reason()) {
            case TIMEOUT -> new QueryTimeoutException(f.detail());
            case DATAGRAMS_UNSUPPORTED -> new DatagramsUnsupportedException(f.detail());
            default -> new UnreachableException(f.detail(), null);
        };
    }

    // ------------------------------------------------------------------------------------------ handlers

    /**
     * First handler on the UDP channel: stamps T4 for every packet read, and the moment the QUIC codec flushes
     * encrypted packets to the socket (the last point before {@code sendmsg} that Netty lets us see) for T1.
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
            ctx.flush();
        }
    }

    /**
     * T4: the receive time of the UDP packet being processed, from the kernel's stamp where there is one (the
     * event loop's wake-up and read path left out), else the pipeline's stamp. Call only within that packet's
     * {@code channelRead}: the QUIC codec delivers responses synchronously there.
     */
    private long receiveTime() {
        return packets.receiveNanos();
    }

    /**
     * Writes a request and returns its T1: the client clock when the first flush of encrypted packets reached the
     * UDP channel during the write (the codec flushes synchronously, so this is after quiche has built and sealed
     * the packet and just before the socket write), or the time before the write when nothing was flushed during
     * it (then the packet leaves later still, and T1 errs early, as before).
     */
    private long writeStamped(Channel ch, Object msg) {
        long before = s.clock.epochNanos();
        packets.beginWrite();
        ch.writeAndFlush(msg, ch.voidPromise());
        long t1 = packets.flushedSinceWrite() ? packets.firstFlushNanos() : before;
        packets.beginWrite();
        return t1;
    }

    /**
     * One stream attempt: opens the stream, writes the request with FIN, hands every byte received so far to the
     * session until it says the query is over ({@link SessionAction.CloseStream}).
     */
    private final class StreamHandler extends ChannelInboundHandlerAdapter {
        private final Conn c;
        private final long attemptId;
        private final byte[] request;
        private QuicStreamChannel channel;
        private ByteBuf pending;
        private boolean done;

        StreamHandler(Conn c, long attemptId, byte[] request) {
            this.c = c;
            this.attemptId = attemptId;
            this.request = request;
        }

        void open() {
            Future<QuicStreamChannel> f = c.channel.createStream(QuicStreamType.BIDIRECTIONAL, this);
            if (f.isDone()) {
                start(f);
            } else {
                f.addListener(x -> start(f));
            }
        }

        private void start(Future<QuicStreamChannel> f) {
            if (!f.isSuccess()) {
                event(StreamEvent.OPEN_FAILED, 0, String.valueOf(f.cause()));
                return;
            }
            QuicStreamChannel ch = f.getNow();
            if (done) {
                ch.close();
                return;
            }
            channel = ch;
            ByteBuf buf = ch.alloc().directBuffer(request.length);
            buf.writeBytes(request);
            long t1 = writeStamped(ch, new DefaultQuicStreamFrame(buf, true));
            c.session.onSent(attemptId, t1);
        }

        /** The session ended the attempt. */
        void close() {
            done = true;
            release();
            if (channel != null) {
                channel.close();
            }
        }

        private void event(StreamEvent e, int bytes, String detail) {
            if (!done) {
                c.run(c.session.onStreamEvent(attemptId, e, bytes, detail, System.nanoTime()));
            }
        }

        private void release() {
            if (pending != null) {
                pending.release();
                pending = null;
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            long t4 = receiveTime();
            if (done) {
                buf.release();
                return;
            }
            if (pending == null && buf.readableBytes() <= scratch.length) {
                int len = buf.readableBytes();
                buf.getBytes(buf.readerIndex(), scratch, 0, len);
                c.run(c.session.onStreamData(attemptId, scratch, 0, len, t4, System.nanoTime()));
                if (!done) { // not a whole valid response yet: keep the bytes
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
            int len = pending.readableBytes();
            if (len > scratch.length) {
                event(StreamEvent.TOO_LARGE, scratch.length, "");
                return;
            }
            pending.getBytes(0, scratch, 0, len);
            c.run(c.session.onStreamData(attemptId, scratch, 0, len, t4, System.nanoTime()));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownReadComplete.INSTANCE) {
                event(StreamEvent.ENDED, pending == null ? 0 : pending.readableBytes(), "");
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            release();
            event(StreamEvent.CLOSED, 0, "");
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("{}: stream error: {}", c.name, cause.toString());
            event(StreamEvent.ERROR, 0, cause.toString());
            ctx.close();
        }
    }

    /** The connection to one server: its session, the QUIC channel, and what executes the session's actions. */
    private final class Conn {
        final ServerAddress address;
        final String name;
        final InetSocketAddress remote;
        final SourceSession session;
        final Map<Long, Completion> queries = new HashMap<>();
        final Map<Long, StreamHandler> streams = new HashMap<>();
        final ArrayDeque<SessionAction.SendOnStream> streamWaiting = new ArrayDeque<>();
        final List<CompletableFuture<ConnectionInfo>> connectWaiters = new ArrayList<>(1);
        final ArrayDeque<SessionAction> actions = new ArrayDeque<>();
        boolean running;
        ScheduledFuture<?> timer;
        QuicChannel channel;
        SSLEngine engine;
        String alpn;
        int datagramMax;
        ConnectionInfo info;
        ConnHandler handler;
        long connectStart;
        long handshakeNanos;
        HandshakeException.Kind refusalKind;
        CertificateException refusal;
        /** The trust manager was asked about this attempt's certificate: a full handshake, not a resumed one. */
        boolean certificateChecked;
        /** The connection attempt in flight, if any. */
        Future<QuicChannel> attempt;

        Conn(ServerAddress address, InetSocketAddress remote) {
            this.address = address;
            this.name = address.toString();
            this.remote = remote;
            this.session = new SourceSession(name, sessionConfig, s.exchange);
        }

        /** Executes actions in order; actions produced while executing (re-entrant events) queue behind them. */
        void run(List<SessionAction> list) {
            actions.addAll(list);
            if (running) {
                return;
            }
            running = true;
            try {
                SessionAction a;
                while ((a = actions.poll()) != null) {
                    execute(a);
                }
            } finally {
                running = false;
            }
        }

        private void execute(SessionAction a) {
            if (a instanceof SessionAction.SendDatagram d) {
                ByteBuf buf = channel.alloc().directBuffer(d.request().length);
                buf.writeBytes(d.request());
                long t1 = writeStamped(channel, buf);
                session.onSent(d.attemptId(), t1);
            } else if (a instanceof SessionAction.SendOnStream d) {
                if (channel.peerAllowedStreams(QuicStreamType.BIDIRECTIONAL) > 0) {
                    openStream(d);
                } else {
                    streamWaiting.add(d);
                }
            } else if (a instanceof SessionAction.CloseStream d) {
                StreamHandler h = streams.remove(d.attemptId());
                if (h != null) {
                    h.close();
                } else {
                    streamWaiting.removeIf(w -> w.attemptId() == d.attemptId());
                }
            } else if (a instanceof SessionAction.ArmTimer t) {
                cancelTimer();
                long delay = Math.max(0, t.at() - System.nanoTime());
                timer = loop.schedule(() -> {
                    timer = null;
                    run(session.onTimer(System.nanoTime()));
                }, delay, TimeUnit.NANOSECONDS);
            } else if (a instanceof SessionAction.CancelTimer) {
                cancelTimer();
            } else if (a instanceof SessionAction.Deliver d) {
                deliver(d);
            } else if (a instanceof SessionAction.Fail f) {
                Completion done = queries.remove(f.queryId());
                TsqFailure failure = new TsqFailure(name, remote, f.failure().kind(), f.mode(),
                        f.failure().reason() == QueryFailure.Reason.CONNECT_FAILED ? null : info,
                        exception(f.failure()));
                queriesFailed++;
                tell(() -> listener.queryFailed(failure));
                if (done != null) {
                    done.accept(null, failure);
                }
            } else if (a instanceof SessionAction.Connect) {
                connect();
            } else if (a instanceof SessionAction.Demoted d) {
                demotions++;
                LOG.info("{}: {} queries in a row lost every datagram; using streams from now on", name,
                        d.lostQueries());
                tell(() -> listener.demoted(name, d.lostQueries()));
            } else if (a instanceof SessionAction.Disconnect d) {
                dropSilent(d.silentQueries());
            } else if (a instanceof SessionAction.Unmatched u) {
                unmatched(u.bytes());
            } else {
                throw new IllegalStateException("unknown session action " + a);
            }
        }

        private void deliver(SessionAction.Deliver d) {
            Completion done = queries.remove(d.queryId());
            Sample sample = d.sample();
            Reply reply = d.reply();
            TimeResponse r = reply.response();
            TsqSample out = new TsqSample(name, remote, d.mode(), alpn, sample.t1(), sample.t2(), sample.t3(),
                    sample.t4(), sample.offsetNanos(), sample.delayNanos(), reply.authenticated(),
                    reply.precisionAcknowledged(), reply.requestBytes(), reply.responseBytes(), r.metadata(),
                    r.clockQuality(), r.timeSourceInfo());
            lastOffsetNanos = out.offsetNanos();
            lastRttNanos = out.delayNanos();
            queriesSucceeded++;
            tell(() -> listener.queryEnd(out));
            if (done != null) {
                done.accept(out, null);
            }
        }

        void unmatched(int bytes) {
            unmatchedDatagrams++;
            LOG.debug("{}: dropped a {}-byte datagram that answers no pending request", name, bytes);
            tell(() -> listener.unmatchedDatagram(name, bytes));
        }

        private void cancelTimer() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void openStream(SessionAction.SendOnStream d) {
            StreamHandler h = new StreamHandler(this, d.attemptId(), d.request());
            streams.put(d.attemptId(), h);
            h.open();
        }

        void drainStreamWaiting() {
            while (!streamWaiting.isEmpty() && channel != null
                    && channel.peerAllowedStreams(QuicStreamType.BIDIRECTIONAL) > 0) {
                openStream(streamWaiting.poll());
            }
        }

        // -------------------------------------------------------------------------------------- connection

        private void connect() {
            refusalKind = null;
            refusal = null;
            certificateChecked = false;
            info = null;
            alpn = null;
            datagramMax = 0;
            connectStart = System.nanoTime();
            tell(() -> listener.connectStart(name, remote));
            ConnHandler h = new ConnHandler(this);
            handler = h;
            attempt = QuicChannel.newBootstrap(udp)
                    .handler(h)
                    .remoteAddress(remote)
                    .attr(CONN, this)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) s.connectTimeoutMillis)
                    .connect();
            attempt.addListener(f -> {
                if (f.isSuccess()) {
                    connected(h, (QuicChannel) f.getNow());
                } else {
                    connectFailed(h, f.cause());
                }
            });
        }

        private boolean connecting(ConnHandler h) {
            return handler == h && !h.failed && session.state() == SourceSession.State.CONNECTING;
        }

        private void connected(ConnHandler h, QuicChannel ch) {
            forgetEngine();
            if (!connecting(h)) {
                ch.close();
                return;
            }
            handshakeNanos = System.nanoTime() - connectStart;
            String negotiated = ch.sslEngine() == null ? null : ch.sslEngine().getApplicationProtocol();
            if (negotiated == null || !s.alpns.contains(negotiated)) {
                h.failed = true;
                ch.close();
                failConnect(new HandshakeException(name, HandshakeException.Kind.ALPN, "the server selected ALPN "
                        + (negotiated == null || negotiated.isEmpty() ? "none" : "'" + negotiated + "'")
                        + ", we offered " + s.alpns, null));
                return;
            }
            channel = ch;
            alpn = negotiated;
            // The datagram-extension event fires right after this listener, in the same call: decide once
            // it has been delivered.
            loop.execute(() -> ready(h, ch));
        }

        private void ready(ConnHandler h, QuicChannel ch) {
            if (channel != ch || !connecting(h)) {
                return;
            }
            info = new ConnectionInfo(name, remote, alpn, datagramMax > 0, handshakeNanos, !certificateChecked);
            connects++;
            LOG.debug("{}: connected in {} us, alpn {}, datagrams {}, {}", name, handshakeNanos / 1000, alpn,
                    datagramMax > 0 ? "up to " + datagramMax + " bytes" : "no",
                    certificateChecked ? "full handshake" : "resumed");
            ConnectionInfo connection = info;
            tell(() -> listener.connectEnd(connection));
            List<CompletableFuture<ConnectionInfo>> waiters = new ArrayList<>(connectWaiters);
            connectWaiters.clear();
            for (CompletableFuture<ConnectionInfo> w : waiters) {
                w.complete(connection);
            }
            run(session.onConnected(datagramMax, System.nanoTime()));
        }

        private void connectFailed(ConnHandler h, Throwable cause) {
            forgetEngine();
            if (!connecting(h)) {
                return; // already failed by the close event
            }
            h.failed = true;
            failConnect(classify(cause, h.closeEvent));
        }

        /** Fails the connection attempt early: e.g. the server refused ALPN and said so. */
        void failEarly(ConnHandler h, QuicConnectionCloseEvent event) {
            if (!connecting(h)) {
                return;
            }
            h.failed = true;
            failConnect(classify(null, event));
        }

        private void failConnect(TsqException e) {
            channel = null;
            connectFailures++;
            tell(() -> listener.connectFailed(name, remote, e));
            List<CompletableFuture<ConnectionInfo>> waiters = new ArrayList<>(connectWaiters);
            connectWaiters.clear();
            for (CompletableFuture<ConnectionInfo> w : waiters) {
                w.completeExceptionally(e);
            }
            run(session.onConnectFailed(new QueryFailure(FailureKind.UNREACHABLE, QueryFailure.Reason.CONNECT_FAILED,
                    e.getMessage(), e), System.nanoTime()));
        }

        private TsqException classify(Throwable cause, QuicConnectionCloseEvent event) {
            return ConnectFailures.classify(name, remote, s.alpns, s.connectTimeoutMillis, refusalKind, refusal,
                    cause, event);
        }

        private void forgetEngine() {
            if (engine != null) {
                engines.remove(engine);
                engine = null;
            }
        }

        /** The connection closed (idle timeout, server gone, client closing). */
        void closed(QuicChannel ch, QuicConnectionCloseEvent event) {
            if (ch != channel) {
                return;
            }
            String why = event == null ? "" : "error " + event.error() + ConnectFailures.reason(event);
            channel = null;
            if (!connectWaiters.isEmpty()) { // closed between the handshake and ready()
                UnreachableException e = new UnreachableException("connection to " + name + " closed"
                        + (why.isEmpty() ? "" : " (" + why + ")"), null);
                List<CompletableFuture<ConnectionInfo>> waiters = new ArrayList<>(connectWaiters);
                connectWaiters.clear();
                for (CompletableFuture<ConnectionInfo> w : waiters) {
                    w.completeExceptionally(e);
                }
            }
            streamWaiting.clear();
            run(session.onConnectionLost(why, System.nanoTime()));
            dropStreams();
        }

        /**
         * The session gave up on a connection the server no longer answers (it may have restarted and forgotten
         * it): close it quietly. Its close event no longer reaches the session, which is idle and connects anew
         * for the next query.
         */
        private void dropSilent(int silentQueries) {
            QuicChannel ch = channel;
            channel = null;
            handler = null;
            streamWaiting.clear();
            dropStreams();
            silenceDrops++;
            LOG.info("{}: {} queries in a row went unanswered; dropping the connection, the next query reconnects",
                    name, silentQueries);
            if (ch != null) {
                ch.close();
            }
        }

        private void dropStreams() {
            for (Iterator<StreamHandler> it = streams.values().iterator(); it.hasNext(); ) {
                StreamHandler h = it.next();
                it.remove();
                h.close();
            }
        }

        /**
         * Fails what is pending with {@code why} and closes the connection, or the attempt in flight once it ends.
         * Returns a future that completes when no QUIC connection of this server is left open.
         */
        Future<?> shutdown(String why) {
            QuicChannel ch = channel;
            ConnHandler h = handler;
            Future<QuicChannel> inFlight = attempt;
            channel = null;
            handler = null;
            attempt = null;
            UnreachableException e = new UnreachableException(why, null);
            for (CompletableFuture<ConnectionInfo> w : connectWaiters) {
                w.completeExceptionally(e);
            }
            connectWaiters.clear();
            streamWaiting.clear();
            run(session.close(why, System.nanoTime()));
            dropStreams();
            cancelTimer();
            if (ch != null) {
                ch.close();
                return ch.closeFuture();
            }
            if (inFlight != null && !inFlight.isDone() && h != null && h.channel != null) {
                // Still handshaking: closing the channel fails the attempt (connectFailed ignores it, the handler
                // is no longer ours).
                h.channel.close();
                return h.channel.closeFuture();
            }
            if (inFlight != null && !inFlight.isDone()) {
                // Not even registered yet: connected() closes the connection if it completes after this.
                Promise<Void> closedPromise = loop.newPromise();
                inFlight.addListener(f -> {
                    if (f.isSuccess()) {
                        QuicChannel late = (QuicChannel) f.getNow();
                        late.close();
                        late.closeFuture().addListener(x -> closedPromise.trySuccess(null));
                    } else {
                        closedPromise.trySuccess(null);
                    }
                });
                return closedPromise;
            }
            return loop.newSucceededFuture(null);
        }
    }

    /** Handler on one QUIC connection: datagram responses, close and limit events. */
    private final class ConnHandler extends ChannelInboundHandlerAdapter {
        private final Conn conn;
        QuicConnectionCloseEvent closeEvent;
        boolean failed;
        /** The connection this handler serves, known from before its handshake ends. */
        QuicChannel channel;

        ConnHandler(Conn conn) {
            this.conn = conn;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            channel = (QuicChannel) ctx.channel();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf buf)) {
                // The server may not open streams to us (we allow none); drop anything else.
                ReferenceCountUtil.release(msg);
                return;
            }
            long t4 = receiveTime();
            int len = buf.readableBytes();
            if (len > scratch.length || conn.channel != ctx.channel()) {
                buf.release();
                conn.unmatched(len);
                return;
            }
            buf.readBytes(scratch, 0, len);
            buf.release();
            conn.run(conn.session.onDatagram(scratch, 0, len, t4, System.nanoTime()));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof QuicDatagramExtensionEvent) {
                if (conn.handler == this) {
                    conn.datagramMax = ((QuicDatagramExtensionEvent) evt).maxLength();
                }
            } else if (evt instanceof QuicStreamLimitChangedEvent) {
                if (conn.channel == ctx.channel()) {
                    conn.drainStreamWaiting();
                }
            } else if (evt instanceof QuicConnectionCloseEvent) {
                closeEvent = (QuicConnectionCloseEvent) evt;
                if (conn.handler == this && conn.session.state() == SourceSession.State.CONNECTING) {
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
