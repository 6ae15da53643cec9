package dev.tsq.session;

import dev.tsq.TsqException;
import dev.tsq.engine.FailureKind;
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
import dev.tsq.wire.ErrorTlv;
import dev.tsq.wire.MessageCodec;
import dev.tsq.wire.Nonce;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One server's session, sans-IO: its connection state, the queries in flight on it and their attempts.
 *
 * <p>Every method takes an event and the monotonic time {@code now} (nanoseconds, any origin, e.g.
 * {@code System.nanoTime()} or simulated time) and returns the {@link SessionAction}s the driver must execute,
 * in order. Nothing here reads a clock or does I/O; the driver stamps T1 immediately before it writes a request
 * (reported with {@link #onSent}) and T4 when the packet carrying a response arrived.
 *
 * <h2>What it decides</h2>
 * <ul>
 *   <li>Connection: the first query (or {@link #connect}) asks for {@link SessionAction.Connect}; queries that
 *       arrive meanwhile wait and are dispatched by {@link #onConnected}, failed by {@link #onConnectFailed}.</li>
 *   <li>Deadlines: a query's deadline is {@link SessionConfig#timeoutNanos()} after its dispatch. One timer per
 *       session ({@link SessionAction.ArmTimer}) covers every query.</li>
 *   <li>Datagrams: each attempt is a new request with a new nonce and its own T1, sent every
 *       {@link SessionConfig#datagramRetryNanos()} up to {@link SessionConfig#datagramAttempts()} times. All
 *       attempts of a query stay matchable until it ends, so a late answer to an earlier attempt still yields a
 *       correct sample; a datagram whose nonce matches no live attempt is {@link SessionAction.Unmatched}.</li>
 *   <li>AUTO: a query that lost every datagram falls back to a stream within its deadline; after
 *       {@link SessionConfig#lossLimit()} such queries in a row the session uses only streams
 *       ({@link SessionAction.Demoted}). Any matched datagram resets the count.</li>
 *   <li>Silence: after {@link SessionConfig#silenceLimit()} queries in a row that time out with nothing heard from
 *       the server on the connection, the session drops it ({@link SessionAction.Disconnect}) and the next query
 *       connects anew. A server that restarted has forgotten the connection and need not say so; without this
 *       a client would keep querying a dead connection until the QUIC idle timeout. Silence of streams and
 *       datagrams alike says nothing about datagrams, so the drop also undoes an AUTO demotion.</li>
 *   <li>Streams carry one request each. A response is completed as soon as the bytes so far form a whole valid
 *       message; a whole message that does not validate may still be a prefix, so its rejection is kept and
 *       reported at FIN or at the deadline (a wrong nonce or a bad signature fails at once).</li>
 *   <li>Classification: every failure is a {@link QueryFailure} with a {@link FailureKind}.</li>
 * </ul>
 *
 * <p>Not thread-safe: a driver calls it from one thread (the Netty client: its event loop).
 */
public final class SourceSession {
    /** The connection's state as the session sees it. */
    public enum State { IDLE, CONNECTING, READY, CLOSED }

    private final String name;
    private final SessionConfig config;
    private final ClientExchange exchange;
    private final ArrayDeque<Query> waiting = new ArrayDeque<>();
    private final LinkedHashMap<Long, Query> live = new LinkedHashMap<>();
    private final HashMap<Nonce, Attempt> byNonce = new HashMap<>();
    private final HashMap<Long, Attempt> byId = new HashMap<>();
    private State state = State.IDLE;
    private boolean datagrams;
    private int datagramMax;
    private boolean demoted;
    private int lossStreak;
    private int silentStreak;
    /** Something arrived from the server on this connection, last at {@link #lastHeard}. */
    private boolean heard;
    private long lastHeard;
    private long nextAttemptId = 1;
    private boolean armed;
    private long armedAt;
    private List<SessionAction> out;

    /**
     * @param name     the server, for messages ({@code host:port})
     * @param config   how queries run
     * @param exchange builds requests and validates responses
     */
    public SourceSession(String name, SessionConfig config, ClientExchange exchange) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.exchange = Objects.requireNonNull(exchange, "exchange");
    }

    // ------------------------------------------------------------------------------------------ events

    /**
     * Starts query {@code queryId} (chosen by the driver, unique among this session's live queries): dispatched
     * at once on a ready connection, otherwise it waits for one (asking for {@link SessionAction.Connect}).
     */
    public List<SessionAction> startQuery(long queryId, long now) {
        begin();
        if (live.containsKey(queryId) || waiting.stream().anyMatch(q -> q.id == queryId)) {
            throw new IllegalArgumentException("queryId: " + queryId + " (expected: not already in flight)");
        }
        Query q = new Query(queryId);
        switch (state) {
            case CLOSED -> fail(q, QueryFailure.of(FailureKind.UNREACHABLE, QueryFailure.Reason.CLOSED,
                    "the session with " + name + " is closed"));
            case READY -> dispatch(q, now);
            case CONNECTING -> waiting.add(q);
            default -> {
                waiting.add(q);
                state = State.CONNECTING;
                out.add(new SessionAction.Connect());
            }
        }
        return end(now);
    }

    /** Asks for the connection without a query; nothing when it is already open or opening. */
    public List<SessionAction> connect(long now) {
        begin();
        if (state == State.IDLE) {
            state = State.CONNECTING;
            out.add(new SessionAction.Connect());
        }
        return end(now);
    }

    /**
     * The connection is established.
     *
     * @param datagramMaxBytes the largest DATAGRAM frame the server accepts, 0 when it accepts none
     */
    public List<SessionAction> onConnected(int datagramMaxBytes, long now) {
        begin();
        if (datagramMaxBytes < 0) {
            throw new IllegalArgumentException("datagramMaxBytes: " + datagramMaxBytes + " (expected: >= 0)");
        }
        if (state == State.CONNECTING) {
            state = State.READY;
            datagramMax = datagramMaxBytes;
            datagrams = datagramMaxBytes > 0;
            silentStreak = 0;
            heard = false;
            while (!waiting.isEmpty()) {
                dispatch(waiting.poll(), now);
            }
        }
        return end(now);
    }

    /** The connection could not be established: every waiting query fails with {@code failure}. */
    public List<SessionAction> onConnectFailed(QueryFailure failure, long now) {
        Objects.requireNonNull(failure, "failure");
        begin();
        if (state == State.CONNECTING) {
            state = State.IDLE;
            while (!waiting.isEmpty()) {
                fail(waiting.poll(), failure);
            }
        }
        return end(now);
    }

    /**
     * The connection closed (idle timeout, server gone): every query on it fails; the next query reconnects.
     *
     * @param detail why, for people (e.g. the QUIC error code and reason)
     */
    public List<SessionAction> onConnectionLost(String detail, long now) {
        begin();
        if (state == State.READY || state == State.CONNECTING) {
            QueryFailure f = QueryFailure.of(FailureKind.UNREACHABLE, QueryFailure.Reason.CONNECTION_LOST,
                    "connection to " + name + " closed" + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
            state = State.IDLE;
            failEverything(f);
        }
        return end(now);
    }

    /** Closes the session: every query fails ({@link QueryFailure.Reason#CLOSED}), later ones at once. */
    public List<SessionAction> close(String detail, long now) {
        begin();
        if (state != State.CLOSED) {
            state = State.CLOSED;
            failEverything(QueryFailure.of(FailureKind.UNREACHABLE, QueryFailure.Reason.CLOSED,
                    detail == null || detail.isEmpty() ? "session with " + name + " closed" : detail));
        }
        return end(now);
    }

    /** The request of {@code attemptId} was written; {@code t1EpochNanos} was read immediately before the write. */
    public void onSent(long attemptId, long t1EpochNanos) {
        Attempt a = byId.get(attemptId);
        if (a != null) {
            a.t1 = t1EpochNanos;
            a.sent = true;
        }
    }

    /**
     * A DATAGRAM frame arrived: {@code buf[off, off+len)}, read from a packet received at {@code t4EpochNanos}.
     * Matched to its attempt by the nonce it echoes. The session does not keep {@code buf}.
     */
    public List<SessionAction> onDatagram(byte[] buf, int off, int len, long t4EpochNanos, long now) {
        begin();
        heard(now); // whatever it says, the server still knows the connection
        Nonce nonce = Nonce.peek(buf, off, len);
        Attempt a = nonce == null ? null : byNonce.get(nonce);
        if (a == null || !a.sent) {
            out.add(new SessionAction.Unmatched(len));
            return end(now);
        }
        lossStreak = 0;
        Reply reply;
        try {
            reply = exchange.complete(a.request, buf, off, len, a.t1, t4EpochNanos);
        } catch (TsqException e) {
            fail(a.query, classify(e));
            return end(now);
        }
        deliver(a.query, reply, TransportMode.DATAGRAM);
        return end(now);
    }

    /**
     * Bytes arrived on the stream of {@code attemptId}: {@code buf[off, off+len)} is everything received on it
     * so far, the last of it in a packet received at {@code t4EpochNanos}. Completes the query when the bytes
     * form a whole valid response (then {@link SessionAction.CloseStream}); otherwise the driver keeps
     * buffering and calls again with more.
     */
    public List<SessionAction> onStreamData(long attemptId, byte[] buf, int off, int len, long t4EpochNanos, long now) {
        begin();
        Attempt a = byId.get(attemptId);
        if (a != null && len > 0) {
            heard(now);
        }
        if (a == null || a.mode != TransportMode.STREAM || !a.sent || !MessageCodec.isWholeMessage(buf, off, len)) {
            return end(now);
        }
        Reply reply;
        try {
            reply = exchange.complete(a.request, buf, off, len, a.t1, t4EpochNanos);
        } catch (ResponseRejectedException e) {
            if (e.reason() == ResponseRejectedException.Reason.NONCE_MISMATCH
                    || e.reason() == ResponseRejectedException.Reason.BAD_SIGNATURE) {
                fail(a.query, classify(e));
            } else {
                a.query.lastRejection = classify(e); // perhaps only a prefix so far: wait for more bytes or FIN
            }
            return end(now);
        } catch (TsqException e) {
            fail(a.query, classify(e));
            return end(now);
        }
        deliver(a.query, reply, TransportMode.STREAM);
        return end(now);
    }

    /**
     * Something other than data happened to the stream of {@code attemptId}.
     *
     * @param bytes  bytes received on it so far ({@link StreamEvent#TOO_LARGE}: the driver's limit)
     * @param detail what the transport said, for people; may be empty
     */
    public List<SessionAction> onStreamEvent(long attemptId, StreamEvent event, int bytes, String detail, long now) {
        Objects.requireNonNull(event, "event");
        begin();
        Attempt a = byId.get(attemptId);
        if (a == null || a.mode != TransportMode.STREAM) {
            return end(now);
        }
        Query q = a.query;
        if (event == StreamEvent.ENDED || event == StreamEvent.TOO_LARGE) {
            heard(now); // the server answered, if badly
        }
        String why = detail == null || detail.isEmpty() ? "" : ": " + detail;
        switch (event) {
            case OPEN_FAILED -> fail(q, QueryFailure.of(FailureKind.UNREACHABLE, QueryFailure.Reason.STREAM_FAILED,
                    "cannot open a stream to " + name + why));
            case ERROR -> fail(q, QueryFailure.of(FailureKind.UNREACHABLE, QueryFailure.Reason.STREAM_FAILED,
                    "stream to " + name + " failed" + why));
            case TOO_LARGE -> fail(q, classify(new ResponseRejectedException(ResponseRejectedException.Reason.MALFORMED,
                    "response from " + name + " exceeds " + bytes + " bytes")));
            case ENDED -> fail(q, q.lastRejection != null ? q.lastRejection
                    : classify(new ResponseRejectedException(ResponseRejectedException.Reason.MALFORMED,
                    name + " ended the stream before a whole response (" + bytes + " bytes)")));
            case CLOSED -> {
                if (q.stream == a) {
                    fail(q, q.lastRejection != null ? q.lastRejection : QueryFailure.of(FailureKind.UNREACHABLE,
                            QueryFailure.Reason.STREAM_FAILED, "the stream to " + name + " closed before a response"));
                }
            }
            default -> throw new AssertionError(event);
        }
        return end(now);
    }

    /** The armed timer fired (or any time: only what is due acts): retries, fallbacks and deadlines. */
    public List<SessionAction> onTimer(long now) {
        begin();
        armed = false; // a timer that fired is no longer armed
        for (Query q : new ArrayList<>(live.values())) {
            if (!q.done && now - q.nextAt >= 0) {
                due(q, now);
            }
        }
        return end(now);
    }

    // ------------------------------------------------------------------------------------------ state

    public String name() {
        return name;
    }

    public SessionConfig config() {
        return config;
    }

    public State state() {
        return state;
    }

    /**
     * True once AUTO mode gave up on datagrams for this server (until a connection is dropped for silence: see
     * {@link SessionConfig#silenceLimit()}).
     */
    public boolean demoted() {
        return demoted;
    }

    /** AUTO mode: queries in a row that lost every datagram. */
    public int lossStreak() {
        return lossStreak;
    }

    /** Queries in a row that timed out with nothing heard from the server on this connection since they were sent. */
    public int silentStreak() {
        return silentStreak;
    }

    /** Whether the current (or last) connection accepts datagrams. */
    public boolean datagramsSupported() {
        return datagrams;
    }

    /** Queries started and not yet ended (waiting for the connection or in flight). */
    public int queriesInFlight() {
        return live.size() + waiting.size();
    }

    /** Attempts whose answer is still awaited (datagrams and streams). */
    public int attemptsInFlight() {
        return byId.size();
    }

    /** When the timer is armed, its monotonic time; otherwise {@code Long.MIN_VALUE}. */
    public long timerAt() {
        return armed ? armedAt : Long.MIN_VALUE;
    }

    @Override
    public String toString() {
        return "SourceSession[" + name + ", " + state + ", " + config.mode() + (demoted ? ", demoted" : "")
                + ", " + queriesInFlight() + " queries]";
    }

    // ------------------------------------------------------------------------------------------ decisions

    private void dispatch(Query q, long now) {
        q.deadline = now + config.timeoutNanos();
        q.dispatchedAt = now;
        live.put(q.id, q);
        switch (config.mode()) {
            case STREAM -> stream(q, now);
            case DATAGRAM -> {
                if (datagrams) {
                    sendDatagram(q, now);
                } else {
                    q.mode = TransportMode.DATAGRAM; // the transport it could not use
                    fail(q, QueryFailure.of(FailureKind.UNREACHABLE, QueryFailure.Reason.DATAGRAMS_UNSUPPORTED,
                            "server " + name + " does not accept QUIC datagrams (use stream or auto mode)"));
                }
            }
            default -> {
                if (datagrams && !demoted) {
                    sendDatagram(q, now);
                } else {
                    stream(q, now);
                }
            }
        }
    }

    private void sendDatagram(Query q, long now) {
        PendingRequest req = exchange.newRequest();
        if (datagramMax > 0 && req.length() > datagramMax) {
            q.mode = TransportMode.DATAGRAM;
            fail(q, QueryFailure.of(FailureKind.UNREACHABLE, QueryFailure.Reason.DATAGRAMS_UNSUPPORTED,
                    "request of " + req.length() + " bytes exceeds the largest datagram " + name + " accepts ("
                            + datagramMax + ")"));
            return;
        }
        Attempt a = attempt(q, req, TransportMode.DATAGRAM);
        byNonce.put(req.nonce(), a);
        q.datagramsSent++;
        q.mode = TransportMode.DATAGRAM;
        q.nextAt = now + Math.max(0, Math.min(config.datagramRetryNanos(), q.deadline - now));
        out.add(new SessionAction.SendDatagram(q.id, a.id, req.bytes()));
    }

    private void stream(Query q, long now) {
        PendingRequest req = exchange.newRequest();
        Attempt a = attempt(q, req, TransportMode.STREAM);
        q.stream = a;
        q.mode = TransportMode.STREAM;
        q.nextAt = q.deadline - now > 0 ? q.deadline : now;
        out.add(new SessionAction.SendOnStream(q.id, a.id, req.bytes()));
    }

    private Attempt attempt(Query q, PendingRequest req, TransportMode mode) {
        Attempt a = new Attempt(nextAttemptId++, q, req, mode);
        byId.put(a.id, a);
        q.attempts.add(a);
        return a;
    }

    /** {@code q}'s timer is due. */
    private void due(Query q, long now) {
        if (q.stream == null) { // datagram phase
            if (q.datagramsSent < config.datagramAttempts() && now - q.deadline < 0) {
                sendDatagram(q, now);
                return;
            }
            if (config.mode() == SessionMode.AUTO) {
                if (++lossStreak >= config.lossLimit() && !demoted) {
                    demoted = true;
                    out.add(new SessionAction.Demoted(lossStreak));
                }
                if (now - q.deadline < 0) {
                    stream(q, now); // earlier datagram attempts stay matchable: a late answer still counts
                    return;
                }
            }
            fail(q, QueryFailure.of(FailureKind.TIMEOUT, QueryFailure.Reason.TIMEOUT, "no response from " + name
                    + " to " + q.datagramsSent + " datagram request(s) within " + millis(config.timeoutNanos()) + " ms"));
            silent(q);
            return;
        }
        if (q.lastRejection != null) {
            fail(q, q.lastRejection);
            return;
        }
        fail(q, QueryFailure.of(FailureKind.TIMEOUT, QueryFailure.Reason.TIMEOUT, "no response from " + name
                + " on a stream within " + millis(config.timeoutNanos()) + " ms"));
        silent(q);
    }

    private void heard(long now) {
        heard = true;
        lastHeard = now;
        silentStreak = 0;
    }

    /**
     * {@code q} timed out: if nothing at all arrived on the connection since it was sent, it counts towards
     * {@link SessionConfig#silenceLimit()}; at the limit the connection is dropped.
     */
    private void silent(Query q) {
        if (heard && lastHeard - q.dispatchedAt >= 0) {
            return;
        }
        if (++silentStreak < config.silenceLimit() || state != State.READY) {
            return;
        }
        int streak = silentStreak;
        state = State.IDLE;
        datagrams = false;
        datagramMax = 0;
        demoted = false;
        lossStreak = 0;
        silentStreak = 0;
        failEverything(QueryFailure.of(FailureKind.UNREACHABLE, QueryFailure.Reason.CONNECTION_LOST,
                "dropped the connection to " + name + ": " + streak + " queries in a row went unanswered"));
        out.add(new SessionAction.Disconnect(streak));
    }

    private void deliver(Query q, Reply reply, TransportMode mode) {
        Measurement m = reply.measurement();
        if (m instanceof RejectedSample rejected) {
            fail(q, classify(new AnomalousSampleException(name, rejected)));
            return;
        }
        finish(q);
        out.add(new SessionAction.Deliver(q.id, (Sample) m, reply, mode));
    }

    private void fail(Query q, QueryFailure f) {
        finish(q);
        out.add(new SessionAction.Fail(q.id, f, q.mode));
    }

    private void finish(Query q) {
        q.done = true;
        live.remove(q.id);
        for (Attempt a : q.attempts) {
            byId.remove(a.id);
            if (a.mode == TransportMode.DATAGRAM) {
                byNonce.remove(a.request.nonce());
            } else {
                out.add(new SessionAction.CloseStream(a.id));
            }
        }
    }

    private void failEverything(QueryFailure f) {
        while (!waiting.isEmpty()) {
            fail(waiting.poll(), f);
        }
        for (Query q : new ArrayList<>(live.values())) {
            fail(q, f);
        }
    }

    /** The failure a validation error means. */
    static QueryFailure classify(TsqException e) {
        if (e instanceof ServerErrorException se) {
            boolean limited = se.code() == ErrorTlv.RATE_LIMITED;
            return new QueryFailure(limited ? FailureKind.RATE_LIMITED : FailureKind.SERVER_ERROR,
                    QueryFailure.Reason.SERVER_ERROR, e.getMessage(), e);
        }
        if (e instanceof AnomalousSampleException) {
            return new QueryFailure(FailureKind.REJECTED, QueryFailure.Reason.ANOMALOUS, e.getMessage(), e);
        }
        return new QueryFailure(FailureKind.REJECTED, QueryFailure.Reason.REJECTED, String.valueOf(e.getMessage()), e);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000L;
    }

    // ------------------------------------------------------------------------------------------ plumbing

    private void begin() {
        out = new ArrayList<>(4);
    }

    /** Appends the timer the remaining queries need and hands the actions over. */
    private List<SessionAction> end(long now) {
        boolean any = false;
        long earliest = 0;
        for (Map.Entry<Long, Query> e : live.entrySet()) {
            long at = e.getValue().nextAt;
            if (!any || at - earliest < 0) {
                earliest = at;
                any = true;
            }
        }
        if (!any) {
            if (armed) {
                armed = false;
                out.add(new SessionAction.CancelTimer());
            }
        } else if (!armed || armedAt != earliest) {
            armed = true;
            armedAt = earliest;
            out.add(new SessionAction.ArmTimer(earliest));
        }
        List<SessionAction> result = out;
        out = null;
        return result;
    }

    private static final class Query {
        final long id;
        final List<Attempt> attempts = new ArrayList<>(2);
        long deadline;
        long dispatchedAt;
        long nextAt;
        int datagramsSent;
        TransportMode mode;
        Attempt stream;
        QueryFailure lastRejection;
        boolean done;

        Query(long id) {
            this.id = id;
        }
    }

    private static final class Attempt {
        final long id;
        final Query query;
        final PendingRequest request;
        final TransportMode mode;
        long t1;
        boolean sent;

        Attempt(long id, Query query, PendingRequest request, TransportMode mode) {
            this.id = id;
            this.query = query;
            this.request = request;
            this.mode = mode;
        }
    }
}
