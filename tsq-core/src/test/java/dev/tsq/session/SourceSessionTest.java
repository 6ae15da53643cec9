package dev.tsq.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.auth.Keys;
import dev.tsq.auth.Verifier;
import dev.tsq.engine.FailureKind;
import dev.tsq.exchange.AnomalousSampleException;
import dev.tsq.exchange.ClientExchange;
import dev.tsq.exchange.ResponseRejectedException;
import dev.tsq.exchange.ServerErrorException;
import dev.tsq.exchange.ServerExchange;
import dev.tsq.exchange.TransportMode;
import dev.tsq.exchange.UnauthenticatedResponseException;
import dev.tsq.session.SessionAction.ArmTimer;
import dev.tsq.session.SessionAction.CancelTimer;
import dev.tsq.session.SessionAction.CloseStream;
import dev.tsq.session.SessionAction.Connect;
import dev.tsq.session.SessionAction.Deliver;
import dev.tsq.session.SessionAction.Demoted;
import dev.tsq.session.SessionAction.Fail;
import dev.tsq.session.SessionAction.SendDatagram;
import dev.tsq.session.SessionAction.SendOnStream;
import dev.tsq.session.SessionAction.Unmatched;
import dev.tsq.wire.ErrorTlv;
import dev.tsq.wire.Nonce;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every action sequence of a session, driven by hand in made-up time against a real {@link ServerExchange}:
 * no network, no clock.
 */
class SourceSessionTest {
    static final long MS = 1_000_000L;
    /** Monotonic origin: deliberately near overflow so that wrap-around comparisons are exercised. */
    static final long T0 = Long.MAX_VALUE - 2_000 * MS;
    /** Wall-clock (epoch) time of the client at T0. */
    static final long WALL = 1_764_000_000_000_000_000L;
    static final long SERVER_AHEAD = 250 * MS;
    static final long TIMEOUT = 3_000 * MS;
    static final long RETRY = 500 * MS;

    static SecureRandom seeded(long seed) {
        SecureRandom r = new SecureRandom();
        r.setSeed(seed);
        return r;
    }

    static ClientExchange exchange() {
        return ClientExchange.builder().random(seeded(7)).build();
    }

    static SourceSession session(SessionMode mode) {
        return new SourceSession("time.test:443", new SessionConfig(mode, TIMEOUT, 3, RETRY, 3), exchange());
    }

    /** A server 250 ms ahead whose clock reads the client's wall time (mapped from {@code now}) plus that. */
    static final class Server {
        long now = T0;
        final ServerExchange exchange;

        Server() {
            this(ServerExchange.builder());
        }

        Server(ServerExchange.Builder b) {
            exchange = b.clock(() -> wall(now) + SERVER_AHEAD).build();
        }

        byte[] answer(byte[] request, long at, TransportMode mode) {
            now = at;
            byte[] out = new byte[ServerExchange.MAX_MESSAGE_BYTES];
            int n = exchange.respond(request, 0, request.length, wall(at) + SERVER_AHEAD, mode, out, 0);
            assertTrue(n > 0, "server answered");
            return Arrays.copyOf(out, n);
        }
    }

    static long wall(long mono) {
        return WALL + (mono - T0);
    }

    @SuppressWarnings("unchecked")
    static <T extends SessionAction> T only(Class<T> type, List<SessionAction> actions) {
        List<SessionAction> of = actions.stream().filter(type::isInstance).toList();
        assertEquals(1, of.size(), () -> "one " + type.getSimpleName() + " in " + actions);
        return (T) of.get(0);
    }

    static boolean has(Class<? extends SessionAction> type, List<SessionAction> actions) {
        return actions.stream().anyMatch(type::isInstance);
    }

    static List<Class<?>> kinds(List<SessionAction> actions) {
        return actions.stream().<Class<?>>map(Object::getClass).toList();
    }

    /** Sends what the session asked for: stamps T1 at {@code at}. */
    static void sent(SourceSession s, SendDatagram d, long at) {
        s.onSent(d.attemptId(), wall(at));
    }

    static void sent(SourceSession s, SendOnStream d, long at) {
        s.onSent(d.attemptId(), wall(at));
    }

    // ------------------------------------------------------------------------------------------ success

    @Test
    void streamQuerySucceedsWithTheRightOffsetAndClosesItsStream() {
        SourceSession s = session(SessionMode.STREAM);
        Server server = new Server();
        List<SessionAction> a = s.startQuery(1, T0);
        assertEquals(List.of(Connect.class), kinds(a));
        assertEquals(SourceSession.State.CONNECTING, s.state());
        a = s.onConnected(0, T0 + 10 * MS);
        assertEquals(List.of(SendOnStream.class, ArmTimer.class), kinds(a));
        SendOnStream send = only(SendOnStream.class, a);
        assertEquals(1, send.queryId());
        assertEquals(T0 + 10 * MS + TIMEOUT, only(ArmTimer.class, a).at(), "deadline from dispatch");
        sent(s, send, T0 + 10 * MS);
        byte[] resp = server.answer(send.request(), T0 + 11 * MS, TransportMode.STREAM);
        // a prefix does nothing
        assertEquals(List.of(), s.onStreamData(send.attemptId(), resp, 0, resp.length - 1, wall(T0 + 12 * MS), T0 + 12 * MS));
        a = s.onStreamData(send.attemptId(), resp, 0, resp.length, wall(T0 + 12 * MS), T0 + 12 * MS);
        assertEquals(List.of(CloseStream.class, Deliver.class, CancelTimer.class), kinds(a));
        assertEquals(send.attemptId(), only(CloseStream.class, a).attemptId());
        Deliver d = only(Deliver.class, a);
        assertEquals(1, d.queryId());
        assertEquals(TransportMode.STREAM, d.mode());
        assertEquals(SERVER_AHEAD, d.sample().offsetNanos(), 2);
        assertEquals(2 * MS, d.sample().delayNanos(), 2);
        assertEquals(0, s.queriesInFlight());
        assertEquals(0, s.attemptsInFlight());
        // a second query on the ready connection goes straight out
        a = s.startQuery(2, T0 + 20 * MS);
        assertEquals(List.of(SendOnStream.class, ArmTimer.class), kinds(a));
    }

    @Test
    void datagramQuerySucceedsAndArmsTheRetryTimerFirst() {
        SourceSession s = session(SessionMode.DATAGRAM);
        Server server = new Server();
        s.startQuery(1, T0);
        List<SessionAction> a = s.onConnected(1200, T0);
        assertEquals(List.of(SendDatagram.class, ArmTimer.class), kinds(a));
        assertEquals(T0 + RETRY, only(ArmTimer.class, a).at());
        SendDatagram d = only(SendDatagram.class, a);
        sent(s, d, T0);
        byte[] resp = server.answer(d.request(), T0 + MS, TransportMode.DATAGRAM);
        a = s.onDatagram(resp, 0, resp.length, wall(T0 + 2 * MS), T0 + 2 * MS);
        assertEquals(List.of(Deliver.class, CancelTimer.class), kinds(a));
        assertEquals(TransportMode.DATAGRAM, only(Deliver.class, a).mode());
        assertEquals(SERVER_AHEAD, only(Deliver.class, a).sample().offsetNanos(), 2);
    }

    @Test
    void queriesStartedWhileConnectingWaitAndAreDispatchedTogether() {
        SourceSession s = session(SessionMode.AUTO);
        assertEquals(List.of(Connect.class), kinds(s.startQuery(1, T0)));
        assertEquals(List.of(), s.startQuery(2, T0 + MS), "one connect only");
        assertEquals(List.of(), s.connect(T0 + MS));
        assertEquals(2, s.queriesInFlight());
        List<SessionAction> a = s.onConnected(1200, T0 + 5 * MS);
        assertEquals(List.of(SendDatagram.class, SendDatagram.class, ArmTimer.class), kinds(a));
        assertThrows(IllegalArgumentException.class, () -> s.startQuery(1, T0));
    }

    @Test
    void anExplicitConnectOpensWithoutAQuery() {
        SourceSession s = session(SessionMode.AUTO);
        assertEquals(List.of(Connect.class), kinds(s.connect(T0)));
        assertEquals(List.of(), s.onConnected(0, T0));
        assertEquals(SourceSession.State.READY, s.state());
        assertEquals(List.of(), s.connect(T0));
    }

    // ------------------------------------------------------------------------------------------ retries and timeouts

    @Test
    void datagramTimeoutRetriesWithNewNoncesThenFails() {
        SourceSession s = session(SessionMode.DATAGRAM);
        s.startQuery(1, T0);
        SendDatagram first = only(SendDatagram.class, s.onConnected(1200, T0));
        sent(s, first, T0);
        assertEquals(List.of(), s.onTimer(T0 + RETRY - 1).stream().filter(x -> !(x instanceof ArmTimer)).toList(),
                "an early timer does nothing");
        List<SessionAction> a = s.onTimer(T0 + RETRY);
        SendDatagram second = only(SendDatagram.class, a);
        assertEquals(T0 + 2 * RETRY, only(ArmTimer.class, a).at());
        assertNotEquals(Nonce.peek(first.request(), 0, first.request().length),
                Nonce.peek(second.request(), 0, second.request().length), "each attempt has its own nonce");
        sent(s, second, T0 + RETRY);
        a = s.onTimer(T0 + 2 * RETRY);
        SendDatagram third = only(SendDatagram.class, a);
        sent(s, third, T0 + 2 * RETRY);
        a = s.onTimer(T0 + 3 * RETRY);
        assertEquals(List.of(Fail.class), kinds(a), "the timer that fired is gone: nothing to cancel");
        assertEquals(Long.MIN_VALUE, s.timerAt());
        Fail f = only(Fail.class, a);
        assertEquals(FailureKind.TIMEOUT, f.failure().kind());
        assertEquals(QueryFailure.Reason.TIMEOUT, f.failure().reason());
        assertEquals(TransportMode.DATAGRAM, f.mode());
        assertTrue(f.failure().detail().contains("3 datagram request(s) within 3000 ms"), f.failure().detail());
        assertNull(f.failure().exception());
        assertEquals(0, s.attemptsInFlight());
    }

    @Test
    void retriesStopAtTheDeadlineEvenWithAttemptsLeft() {
        SourceSession s = new SourceSession("x:1", new SessionConfig(SessionMode.DATAGRAM, 700 * MS, 10, RETRY, 3),
                exchange());
        s.startQuery(1, T0);
        sent(s, only(SendDatagram.class, s.onConnected(1200, T0)), T0);
        List<SessionAction> a = s.onTimer(T0 + RETRY);
        sent(s, only(SendDatagram.class, a), T0 + RETRY);
        assertEquals(T0 + 700 * MS, only(ArmTimer.class, a).at(), "the retry timer is capped by the deadline");
        a = s.onTimer(T0 + 700 * MS);
        Fail f = only(Fail.class, a);
        assertTrue(f.failure().detail().contains("2 datagram request(s)"), f.failure().detail());
    }

    @Test
    void streamDeadlineIsATimeout() {
        SourceSession s = session(SessionMode.STREAM);
        s.startQuery(1, T0);
        sent(s, only(SendOnStream.class, s.onConnected(0, T0)), T0);
        List<SessionAction> a = s.onTimer(T0 + TIMEOUT);
        assertEquals(List.of(CloseStream.class, Fail.class), kinds(a));
        Fail f = only(Fail.class, a);
        assertEquals(FailureKind.TIMEOUT, f.failure().kind());
        assertEquals(TransportMode.STREAM, f.mode());
        assertTrue(f.failure().detail().contains("on a stream within 3000 ms"), f.failure().detail());
    }

    @Test
    void oneTimerCoversManyQueriesAtTheEarliestDueTime() {
        SourceSession s = session(SessionMode.STREAM);
        s.connect(T0);
        s.onConnected(0, T0);
        assertEquals(T0 + TIMEOUT, only(ArmTimer.class, s.startQuery(1, T0)).at());
        assertEquals(List.of(SendOnStream.class), kinds(s.startQuery(2, T0 + 100 * MS)), "earlier timer kept");
        List<SessionAction> a = s.onTimer(T0 + TIMEOUT);
        assertEquals(1, only(Fail.class, a).queryId());
        assertEquals(T0 + 100 * MS + TIMEOUT, only(ArmTimer.class, a).at());
        assertEquals(T0 + 100 * MS + TIMEOUT, s.timerAt());
    }

    // ------------------------------------------------------------------------------------------ matching

    @Test
    void aLateAnswerToAnEarlierAttemptCountsWithItsOwnT1() {
        SourceSession s = session(SessionMode.DATAGRAM);
        Server server = new Server();
        s.startQuery(1, T0);
        SendDatagram first = only(SendDatagram.class, s.onConnected(1200, T0));
        sent(s, first, T0);
        SendDatagram second = only(SendDatagram.class, s.onTimer(T0 + RETRY));
        sent(s, second, T0 + RETRY);
        // the first request reached the server at +600 ms (slow path), its answer arrives at +601 ms
        byte[] resp = server.answer(first.request(), T0 + 600 * MS, TransportMode.DATAGRAM);
        List<SessionAction> a = s.onDatagram(resp, 0, resp.length, wall(T0 + 601 * MS), T0 + 601 * MS);
        Deliver d = only(Deliver.class, a);
        assertEquals(wall(T0), d.sample().t1(), "T1 of the attempt it answers");
        assertEquals(601 * MS, d.sample().delayNanos(), 2);
        // the answer to the second attempt arrives after the query ended: unmatched, dropped
        byte[] late = server.answer(second.request(), T0 + 602 * MS, TransportMode.DATAGRAM);
        a = s.onDatagram(late, 0, late.length, wall(T0 + 603 * MS), T0 + 603 * MS);
        assertEquals(List.of(Unmatched.class), kinds(a));
        assertEquals(late.length, only(Unmatched.class, a).bytes());
    }

    @Test
    void aDatagramWithAWrongNonceIsUnmatchedAndTheQueryGoesOn() {
        SourceSession s = session(SessionMode.DATAGRAM);
        Server server = new Server();
        s.startQuery(1, T0);
        SendDatagram d = only(SendDatagram.class, s.onConnected(1200, T0));
        sent(s, d, T0);
        byte[] forged = server.answer(exchange2().newRequest().bytes(), T0 + MS, TransportMode.DATAGRAM);
        assertEquals(List.of(Unmatched.class), kinds(s.onDatagram(forged, 0, forged.length, wall(T0 + MS), T0 + MS)));
        byte[] garbage = {1, 2, 3};
        assertEquals(List.of(Unmatched.class), kinds(s.onDatagram(garbage, 0, 3, wall(T0 + MS), T0 + MS)));
        assertEquals(1, s.queriesInFlight());
        byte[] resp = server.answer(d.request(), T0 + 2 * MS, TransportMode.DATAGRAM);
        assertTrue(has(Deliver.class, s.onDatagram(resp, 0, resp.length, wall(T0 + 3 * MS), T0 + 3 * MS)));
    }

    static ClientExchange exchange2() {
        return ClientExchange.builder().random(seeded(99)).build();
    }

    @Test
    void aStreamAnswerEchoingAnotherNonceFailsAtOnce() {
        SourceSession s = session(SessionMode.STREAM);
        Server server = new Server();
        s.startQuery(1, T0);
        SendOnStream d = only(SendOnStream.class, s.onConnected(0, T0));
        sent(s, d, T0);
        byte[] other = server.answer(exchange2().newRequest().bytes(), T0 + MS, TransportMode.STREAM);
        List<SessionAction> a = s.onStreamData(d.attemptId(), other, 0, other.length, wall(T0 + MS), T0 + MS);
        Fail f = only(Fail.class, a);
        assertEquals(FailureKind.REJECTED, f.failure().kind());
        ResponseRejectedException e = assertInstanceOf(ResponseRejectedException.class, f.failure().exception());
        assertEquals(ResponseRejectedException.Reason.NONCE_MISMATCH, e.reason());
        assertTrue(has(CloseStream.class, a));
    }

    // ------------------------------------------------------------------------------------------ AUTO

    /**
     * Runs one query whose 3 datagrams are all lost; returns the actions of the timer that gave up on them (AUTO:
     * the stream fallback; DATAGRAM: the query's end).
     */
    static List<SessionAction> loseAllDatagrams(SourceSession s, long id, long start) {
        List<SessionAction> a = s.startQuery(id, start);
        SendDatagram d = only(SendDatagram.class, a);
        sent(s, d, start);
        long t = start;
        for (int i = 1; i < 3; i++) {
            t += RETRY;
            sent(s, only(SendDatagram.class, s.onTimer(t)), t);
        }
        return s.onTimer(t + RETRY);
    }

    @Test
    void autoFallsBackToAStreamAndALateDatagramStillWins() {
        SourceSession s = session(SessionMode.AUTO);
        Server server = new Server();
        s.connect(T0);
        s.onConnected(1200, T0);
        List<SessionAction> a = s.startQuery(1, T0);
        SendDatagram first = only(SendDatagram.class, a);
        sent(s, first, T0);
        sent(s, only(SendDatagram.class, s.onTimer(T0 + RETRY)), T0 + RETRY);
        sent(s, only(SendDatagram.class, s.onTimer(T0 + 2 * RETRY)), T0 + 2 * RETRY);
        a = s.onTimer(T0 + 3 * RETRY);
        SendOnStream stream = only(SendOnStream.class, a);
        assertEquals(T0 + TIMEOUT, only(ArmTimer.class, a).at(), "the stream runs to the query's deadline");
        assertFalse(has(Demoted.class, a), "one lost query does not demote");
        sent(s, stream, T0 + 3 * RETRY);
        byte[] resp = server.answer(first.request(), T0 + 1600 * MS, TransportMode.DATAGRAM);
        a = s.onDatagram(resp, 0, resp.length, wall(T0 + 1601 * MS), T0 + 1601 * MS);
        assertEquals(List.of(CloseStream.class, Deliver.class, CancelTimer.class), kinds(a));
        assertEquals(stream.attemptId(), only(CloseStream.class, a).attemptId());
        assertEquals(TransportMode.DATAGRAM, only(Deliver.class, a).mode());
        assertEquals(0, s.lossStreak(), "a matched datagram resets the loss count");
    }

    @Test
    void autoDemotesToStreamsAfterThreeQueriesLostEveryDatagram() {
        SourceSession s = session(SessionMode.AUTO);
        Server server = new Server();
        s.connect(T0);
        s.onConnected(1200, T0);
        long t = T0;
        for (int q = 1; q <= 3; q++) {
            List<SessionAction> a = loseAllDatagrams(s, q, t);
            SendOnStream st = only(SendOnStream.class, a);
            assertEquals(q == 3, has(Demoted.class, a), "demoted on the third lost query only");
            if (q == 3) {
                assertEquals(3, only(Demoted.class, a).lostQueries());
                assertTrue(a.indexOf(only(Demoted.class, a)) < a.indexOf(st), "demotion reported before the fallback");
            }
            long at = t + 3 * RETRY;
            sent(s, st, at);
            byte[] resp = server.answer(st.request(), at + MS, TransportMode.STREAM);
            Deliver d = only(Deliver.class, s.onStreamData(st.attemptId(), resp, 0, resp.length, wall(at + 2 * MS),
                    at + 2 * MS));
            assertEquals(TransportMode.STREAM, d.mode(), "only datagrams are lost: the stream answers");
            t += TIMEOUT;
        }
        assertTrue(s.demoted());
        List<SessionAction> a = s.startQuery(4, t);
        assertEquals(List.of(SendOnStream.class, ArmTimer.class), kinds(a), "straight to a stream once demoted");
        // demotion is reported once
        assertFalse(has(Demoted.class, s.onTimer(t + TIMEOUT)));
    }

    @Test
    void autoWithoutServerDatagramsUsesStreamsAndDatagramModeFailsAtOnce() {
        SourceSession auto = session(SessionMode.AUTO);
        auto.startQuery(1, T0);
        assertEquals(List.of(SendOnStream.class, ArmTimer.class), kinds(auto.onConnected(0, T0)));
        assertFalse(auto.datagramsSupported());

        SourceSession dg = session(SessionMode.DATAGRAM);
        dg.startQuery(1, T0);
        List<SessionAction> a = dg.onConnected(0, T0);
        assertEquals(List.of(Fail.class), kinds(a), "no timer for a query that failed at dispatch");
        Fail f = only(Fail.class, a);
        assertEquals(QueryFailure.Reason.DATAGRAMS_UNSUPPORTED, f.failure().reason());
        assertEquals(TransportMode.DATAGRAM, f.mode(), "the transport it could not use");
        assertTrue(f.failure().detail().contains("does not accept QUIC datagrams"), f.failure().detail());
    }

    @Test
    void aRequestLargerThanTheServersDatagramLimitFails() {
        ClientExchange padded = ClientExchange.builder().random(seeded(1)).precisionMode(true).build();
        SourceSession s = new SourceSession("x:1", SessionConfig.defaults(SessionMode.DATAGRAM), padded);
        s.startQuery(1, T0);
        Fail f = only(Fail.class, s.onConnected(100, T0));
        assertEquals(QueryFailure.Reason.DATAGRAMS_UNSUPPORTED, f.failure().reason());
        assertTrue(f.failure().detail().contains("exceeds the largest datagram x:1 accepts (100)"), f.failure().detail());
    }

    // ------------------------------------------------------------------------------------------ silence

    @Test
    void threeUnansweredQueriesInARowDropTheConnectionAndTheNextQueryReconnects() {
        SourceSession s = session(SessionMode.DATAGRAM);
        s.connect(T0);
        s.onConnected(1200, T0);
        long t = T0;
        for (int q = 1; q <= 2; q++) {
            List<SessionAction> a = loseAllDatagrams(s, q, t);
            assertEquals(List.of(Fail.class), kinds(a), "query " + q + " times out, the connection stays");
            assertEquals(q, s.silentStreak());
            assertEquals(SourceSession.State.READY, s.state());
            t += TIMEOUT;
        }
        // A second query in flight on the connection when it is dropped: it fails too, and says why.
        sent(s, only(SendDatagram.class, s.startQuery(3, t)), t);
        sent(s, only(SendDatagram.class, s.startQuery(9, t)), t);
        for (int i = 1; i < 3; i++) {
            long at = t + i * RETRY;
            s.onTimer(at).stream().filter(SendDatagram.class::isInstance).forEach(x -> sent(s, (SendDatagram) x, at));
        }
        List<SessionAction> a = s.onTimer(t + 3 * RETRY);
        List<SessionAction> ends = a.stream().filter(x -> !(x instanceof ArmTimer) && !(x instanceof CancelTimer)).toList();
        assertEquals(List.of(Fail.class, Fail.class, SessionAction.Disconnect.class), kinds(ends), a.toString());
        Fail third = (Fail) ends.get(0);
        assertEquals(3, third.queryId());
        assertEquals(QueryFailure.Reason.TIMEOUT, third.failure().reason());
        Fail other = (Fail) ends.get(1);
        assertEquals(9, other.queryId());
        assertEquals(FailureKind.UNREACHABLE, other.failure().kind());
        assertEquals(QueryFailure.Reason.CONNECTION_LOST, other.failure().reason());
        assertEquals("dropped the connection to time.test:443: 3 queries in a row went unanswered",
                other.failure().detail());
        assertEquals(3, ((SessionAction.Disconnect) ends.get(2)).silentQueries());
        assertEquals(SourceSession.State.IDLE, s.state());
        assertEquals(0, s.attemptsInFlight());
        assertEquals(0, s.queriesInFlight());
        assertEquals(0, s.silentStreak());
        assertEquals(Long.MIN_VALUE, s.timerAt(), "no timer left for a dropped connection");

        t += TIMEOUT;
        assertEquals(List.of(Connect.class), kinds(s.startQuery(4, t)), "the next query connects anew");
        Server server = new Server();
        SendDatagram d = only(SendDatagram.class, s.onConnected(1200, t + 10 * MS));
        sent(s, d, t + 10 * MS);
        byte[] resp = server.answer(d.request(), t + 11 * MS, TransportMode.DATAGRAM);
        Deliver ok = only(Deliver.class, s.onDatagram(resp, 0, resp.length, wall(t + 12 * MS), t + 12 * MS));
        assertEquals(SERVER_AHEAD, ok.sample().offsetNanos(), 1 * MS, "the restarted server is measured");
    }

    @Test
    void anythingHeardFromTheServerEndsTheSilence() {
        SourceSession s = session(SessionMode.DATAGRAM);
        s.connect(T0);
        s.onConnected(1200, T0);
        long t = T0;
        for (int q = 1; q <= 2; q++) {
            loseAllDatagrams(s, q, t);
            t += TIMEOUT;
        }
        assertEquals(2, s.silentStreak());
        // A datagram that answers nothing pending (late, or for a query long gone) still proves the server knows us.
        byte[] stray = new Server().answer(exchange().newRequest().bytes(), t, TransportMode.DATAGRAM);
        assertTrue(has(Unmatched.class, s.onDatagram(stray, 0, stray.length, wall(t), t)));
        assertEquals(0, s.silentStreak());
        t += MS;
        for (int q = 3; q <= 4; q++) {
            assertFalse(has(SessionAction.Disconnect.class, loseAllDatagrams(s, q, t)));
            t += TIMEOUT;
        }
        assertEquals(SourceSession.State.READY, s.state());
        assertEquals(2, s.silentStreak());
    }

    @Test
    void silentStreamsDropTheConnectionAndUndoADemotion() {
        SourceSession s = new SourceSession("x:1", new SessionConfig(SessionMode.AUTO, TIMEOUT, 3, RETRY, 1, 2),
                exchange());
        s.connect(T0);
        s.onConnected(1200, T0);
        List<SessionAction> a = loseAllDatagrams(s, 1, T0);
        assertTrue(has(Demoted.class, a), "loss limit 1: demoted by the first lost query");
        sent(s, only(SendOnStream.class, a), T0 + 3 * RETRY);
        a = s.onTimer(T0 + TIMEOUT);
        assertFalse(has(SessionAction.Disconnect.class, a), "one silent query of the two allowed");
        assertEquals(1, s.silentStreak());
        a = s.startQuery(2, T0 + TIMEOUT);
        SendOnStream st = only(SendOnStream.class, a);
        sent(s, st, T0 + TIMEOUT);
        a = s.onTimer(T0 + 2 * TIMEOUT);
        assertEquals(List.of(CloseStream.class, Fail.class, SessionAction.Disconnect.class),
                kinds(a).stream().filter(k -> k != CancelTimer.class && k != ArmTimer.class).toList());
        assertFalse(s.demoted(), "silence on streams too says nothing against datagrams");
        assertEquals(0, s.lossStreak());
        s.startQuery(3, T0 + 2 * TIMEOUT);
        assertEquals(List.of(SendDatagram.class, ArmTimer.class), kinds(s.onConnected(1200, T0 + 2 * TIMEOUT)),
                "datagrams again on the new connection");
    }

    @Test
    void aStreamRejectionIsNotSilence() {
        SourceSession s = new SourceSession("x:1", new SessionConfig(SessionMode.STREAM, TIMEOUT, 3, RETRY, 3, 1),
                exchange());
        s.connect(T0);
        s.onConnected(0, T0);
        SendOnStream st = only(SendOnStream.class, s.startQuery(1, T0));
        sent(s, st, T0);
        byte[] resp = new Server().answer(st.request(), T0 + MS, TransportMode.STREAM);
        s.onStreamData(st.attemptId(), resp, 0, 1, wall(T0 + MS), T0 + MS); // a first byte, then nothing
        List<SessionAction> a = s.onTimer(T0 + TIMEOUT);
        assertEquals(FailureKind.TIMEOUT, only(Fail.class, a).failure().kind());
        assertFalse(has(SessionAction.Disconnect.class, a), "the server sent bytes: it knows the connection");
        assertEquals(SourceSession.State.READY, s.state());
    }

    // ------------------------------------------------------------------------------------------ connection events

    @Test
    void connectionLostFailsEveryQueryOnItAndTheNextQueryReconnects() {
        SourceSession s = session(SessionMode.AUTO);
        s.startQuery(1, T0);
        s.startQuery(2, T0);
        List<SessionAction> a = s.onConnected(1200, T0);
        sent(s, (SendDatagram) a.get(0), T0);
        a = s.onConnectionLost("error 0x0: idle", T0 + MS);
        assertEquals(List.of(Fail.class, Fail.class, CancelTimer.class), kinds(a));
        for (SessionAction x : a.subList(0, 2)) {
            QueryFailure f = ((Fail) x).failure();
            assertEquals(FailureKind.UNREACHABLE, f.kind());
            assertEquals(QueryFailure.Reason.CONNECTION_LOST, f.reason());
            assertEquals("connection to time.test:443 closed (error 0x0: idle)", f.detail());
        }
        assertEquals(SourceSession.State.IDLE, s.state());
        assertEquals(0, s.attemptsInFlight());
        assertEquals(List.of(Connect.class), kinds(s.startQuery(3, T0 + 2 * MS)));
        assertEquals(List.of(), s.onConnectionLost("again", T0 + 2 * MS).stream()
                .filter(x -> !(x instanceof Fail)).filter(x -> !(x instanceof CancelTimer)).toList());
    }

    @Test
    void aFailedConnectFailsTheWaitingQueriesWithTheDriversFailure() {
        SourceSession s = session(SessionMode.STREAM);
        s.startQuery(1, T0);
        s.startQuery(2, T0);
        UnauthenticatedResponseException cause = new UnauthenticatedResponseException(
                ResponseRejectedException.Reason.UNAUTHENTICATED, "stand-in for a handshake failure");
        QueryFailure f = new QueryFailure(FailureKind.UNREACHABLE, QueryFailure.Reason.CONNECT_FAILED, "refused", cause);
        List<SessionAction> a = s.onConnectFailed(f, T0 + MS);
        assertEquals(List.of(Fail.class, Fail.class), kinds(a));
        assertSame(f, ((Fail) a.get(0)).failure());
        assertNull(((Fail) a.get(0)).mode(), "never reached a connection");
        assertEquals(SourceSession.State.IDLE, s.state());
        assertEquals(List.of(), s.onConnectFailed(f, T0 + MS), "a second report is ignored");
        assertEquals(List.of(), s.onConnected(1200, T0 + MS), "so is a late success");
    }

    @Test
    void closingFailsEverythingAndLaterQueriesFailAtOnce() {
        SourceSession s = session(SessionMode.STREAM);
        s.startQuery(1, T0);
        s.onConnected(0, T0);
        s.startQuery(2, T0);
        List<SessionAction> a = s.close("client closed", T0 + MS);
        assertEquals(2, a.stream().filter(Fail.class::isInstance).count());
        assertEquals(2, a.stream().filter(CloseStream.class::isInstance).count());
        assertTrue(has(CancelTimer.class, a));
        assertEquals("client closed", ((Fail) a.stream().filter(Fail.class::isInstance).findFirst().get()).failure().detail());
        Fail f = only(Fail.class, s.startQuery(3, T0 + 2 * MS));
        assertEquals(QueryFailure.Reason.CLOSED, f.failure().reason());
        assertEquals(SourceSession.State.CLOSED, s.state());
    }

    // ------------------------------------------------------------------------------------------ streams

    @Test
    void aStreamThatEndsBeforeAWholeResponseIsMalformed() {
        SourceSession s = session(SessionMode.STREAM);
        s.startQuery(1, T0);
        SendOnStream d = only(SendOnStream.class, s.onConnected(0, T0));
        sent(s, d, T0);
        Fail f = only(Fail.class, s.onStreamEvent(d.attemptId(), StreamEvent.ENDED, 17, "", T0 + MS));
        ResponseRejectedException e = assertInstanceOf(ResponseRejectedException.class, f.failure().exception());
        assertEquals(ResponseRejectedException.Reason.MALFORMED, e.reason());
        assertTrue(e.getMessage().contains("ended the stream before a whole response (17 bytes)"), e.getMessage());
    }

    @Test
    void aRejectionThatMayBeAPrefixWaitsForFinOrTheDeadline() {
        ClientExchange requirePrecision = ClientExchange.builder().random(seeded(4)).requirePrecision(true).build();
        Server server = new Server(ServerExchange.builder().precisionMode(false)); // answers, unacknowledged
        for (StreamEvent end : new StreamEvent[] {StreamEvent.ENDED, null}) {
            SourceSession s = new SourceSession("x:1", SessionConfig.defaults(SessionMode.STREAM), requirePrecision);
            s.startQuery(1, T0);
            SendOnStream d = only(SendOnStream.class, s.onConnected(0, T0));
            sent(s, d, T0);
            byte[] resp = server.answer(d.request(), T0 + MS, TransportMode.STREAM);
            assertEquals(List.of(), s.onStreamData(d.attemptId(), resp, 0, resp.length, wall(T0 + MS), T0 + MS));
            List<SessionAction> a = end == null ? s.onTimer(T0 + 3_000 * MS)
                    : s.onStreamEvent(d.attemptId(), end, resp.length, "", T0 + 2 * MS);
            ResponseRejectedException e = assertInstanceOf(ResponseRejectedException.class,
                    only(Fail.class, a).failure().exception());
            assertEquals(ResponseRejectedException.Reason.PRECISION_NOT_ACKNOWLEDGED, e.reason(), "at " + end);
        }
    }

    @Test
    void streamOpenFailureErrorTooLargeAndCloseAreClassified() {
        for (StreamEvent ev : StreamEvent.values()) {
            SourceSession s = session(SessionMode.STREAM);
            s.startQuery(1, T0);
            SendOnStream d = only(SendOnStream.class, s.onConnected(0, T0));
            if (ev != StreamEvent.OPEN_FAILED) {
                sent(s, d, T0);
            }
            Fail f = only(Fail.class, s.onStreamEvent(d.attemptId(), ev, 65_535, "boom", T0 + MS));
            switch (ev) {
                case OPEN_FAILED -> assertEquals("cannot open a stream to time.test:443: boom", f.failure().detail());
                case ERROR -> assertEquals("stream to time.test:443 failed: boom", f.failure().detail());
                case CLOSED -> assertEquals("the stream to time.test:443 closed before a response", f.failure().detail());
                case TOO_LARGE -> assertTrue(f.failure().detail().contains("exceeds 65535 bytes"), f.failure().detail());
                case ENDED -> assertEquals(FailureKind.REJECTED, f.failure().kind());
                default -> throw new AssertionError(ev);
            }
            if (ev != StreamEvent.TOO_LARGE && ev != StreamEvent.ENDED) {
                assertEquals(FailureKind.UNREACHABLE, f.failure().kind(), ev.name());
            }
            // events after the end are ignored
            assertEquals(List.of(), s.onStreamEvent(d.attemptId(), StreamEvent.CLOSED, 0, "", T0 + 2 * MS));
        }
    }

    // ------------------------------------------------------------------------------------------ classification

    @Test
    void serverErrorsAreClassifiedRateLimitedApart() {
        ServerErrorException limited = new ServerErrorException(new ErrorTlv(ErrorTlv.RATE_LIMITED, "slow down"));
        assertEquals(FailureKind.RATE_LIMITED, SourceSession.classify(limited).kind());
        ServerErrorException other = new ServerErrorException(new ErrorTlv(ErrorTlv.UNSUPPORTED_TLV, ""));
        QueryFailure f = SourceSession.classify(other);
        assertEquals(FailureKind.SERVER_ERROR, f.kind());
        assertEquals(QueryFailure.Reason.SERVER_ERROR, f.reason());
        assertSame(other, f.exception());
    }

    @Test
    void aServerErrorTlvOnAStreamFailsTheQueryWithIt() {
        ClientExchange wantsSignature = ClientExchange.builder().random(seeded(5)).requestSignature(true)
                .verifier(Verifier.builder().ed25519(1, Keys.generateEd25519().getPublic()).build()).build();
        SourceSession s = new SourceSession("x:1", SessionConfig.defaults(SessionMode.STREAM), wantsSignature);
        Server server = new Server(); // no signing key: answers Error 0x02
        s.startQuery(1, T0);
        SendOnStream d = only(SendOnStream.class, s.onConnected(0, T0));
        sent(s, d, T0);
        byte[] err = server.answer(d.request(), T0 + MS, TransportMode.STREAM);
        Fail f = only(Fail.class, s.onStreamData(d.attemptId(), err, 0, err.length, wall(T0 + MS), T0 + MS));
        assertEquals(FailureKind.SERVER_ERROR, f.failure().kind());
        assertEquals(ErrorTlv.UNSUPPORTED_TLV, assertInstanceOf(ServerErrorException.class, f.failure().exception()).code());
    }

    @Test
    void anomalousTimestampsAreARejectionNotASample() {
        SourceSession s = session(SessionMode.DATAGRAM);
        Server server = new Server();
        s.startQuery(1, T0);
        SendDatagram d = only(SendDatagram.class, s.onConnected(1200, T0));
        s.onSent(d.attemptId(), wall(T0));
        byte[] resp = server.answer(d.request(), T0 + MS, TransportMode.DATAGRAM);
        // T4 before T1: a negative round trip
        Fail f = only(Fail.class, s.onDatagram(resp, 0, resp.length, wall(T0) - 10 * MS, T0 + 2 * MS));
        assertEquals(QueryFailure.Reason.ANOMALOUS, f.failure().reason());
        assertInstanceOf(AnomalousSampleException.class, f.failure().exception());
    }

    @Test
    void configChecksEachArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SessionConfig(SessionMode.AUTO, 0, 3, 1, 3));
        assertEquals("timeoutNanos: 0 (expected: > 0)", e.getMessage());
        assertEquals("datagramAttempts: 0 (expected: 1-100)", assertThrows(IllegalArgumentException.class,
                () -> new SessionConfig(SessionMode.AUTO, 1, 0, 1, 3)).getMessage());
        assertEquals("lossLimit: 0 (expected: 1-1000)", assertThrows(IllegalArgumentException.class,
                () -> new SessionConfig(SessionMode.AUTO, 1, 1, 1, 0)).getMessage());
        assertEquals("silenceLimit: 1001 (expected: 1-1000)", assertThrows(IllegalArgumentException.class,
                () -> new SessionConfig(SessionMode.AUTO, 1, 1, 1, 1, 1001)).getMessage());
        assertEquals(SessionConfig.DEFAULT_SILENCE_LIMIT, new SessionConfig(SessionMode.AUTO, 1, 1, 1, 1).silenceLimit());
        assertThrows(NullPointerException.class, () -> new SessionConfig(null, 1, 1, 1, 1));
    }
}
