package dev.tsq.session;

import dev.tsq.exchange.Reply;
import dev.tsq.exchange.TransportMode;
import dev.tsq.sync.Sample;
import java.util.Objects;

/**
 * What a {@link SourceSession} asks its driver to do. The driver executes a returned list in order before it
 * hands the session the next event.
 */
public sealed interface SessionAction {

    /** Open the connection; report {@link SourceSession#onConnected} or {@link SourceSession#onConnectFailed}. */
    record Connect() implements SessionAction {
    }

    /**
     * Send {@code request} in one QUIC DATAGRAM frame; read the client clock immediately before the write and
     * report it with {@link SourceSession#onSent}.
     */
    record SendDatagram(long queryId, long attemptId, byte[] request) implements SessionAction {
        public SendDatagram {
            Objects.requireNonNull(request, "request");
        }
    }

    /**
     * Open a bidirectional stream and send {@code request} on it with FIN; report T1 with
     * {@link SourceSession#onSent}, the bytes that arrive with {@link SourceSession#onStreamData} and what
     * happens to the stream with {@link SourceSession#onStreamEvent}. A driver that has no stream credit yet
     * holds the request until it has; the query's deadline still runs.
     */
    record SendOnStream(long queryId, long attemptId, byte[] request) implements SessionAction {
        public SendOnStream {
            Objects.requireNonNull(request, "request");
        }
    }

    /** The attempt's query is over: close its stream (or drop the request if it is still held) and stop reading. */
    record CloseStream(long attemptId) implements SessionAction {
    }

    /** Call {@link SourceSession#onTimer} at monotonic time {@code at}; replaces any timer armed before. */
    record ArmTimer(long at) implements SessionAction {
    }

    /** No timer is needed any more; cancel the armed one. */
    record CancelTimer() implements SessionAction {
    }

    /** Query {@code queryId} measured {@code sample} over {@code mode}; {@code reply} holds what the server said. */
    record Deliver(long queryId, Sample sample, Reply reply, TransportMode mode) implements SessionAction {
        public Deliver {
            Objects.requireNonNull(sample, "sample");
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(mode, "mode");
        }
    }

    /**
     * Query {@code queryId} failed; {@code mode} is the transport of its last attempt (DATAGRAM for a query that
     * failed because datagrams could not carry it), null when it never reached a connection.
     */
    record Fail(long queryId, QueryFailure failure, TransportMode mode) implements SessionAction {
        public Fail {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * AUTO mode: {@code lostQueries} queries in a row lost every datagram; from now on the session uses streams
     * (until it drops the connection for silence, {@link Disconnect}).
     */
    record Demoted(int lostQueries) implements SessionAction {
    }

    /**
     * Close the connection without reporting it back: {@code silentQueries} queries in a row timed out with
     * nothing heard from the server on it (a restarted server has forgotten it and may never say so). The
     * session has already failed what was in flight on it and is idle; the next query asks for
     * {@link Connect}. Events that still arrive from the closed connection must not reach the session.
     */
    record Disconnect(int silentQueries) implements SessionAction {
    }

    /** A datagram of {@code bytes} bytes answered no pending attempt (late beyond its query, or forged); dropped. */
    record Unmatched(int bytes) implements SessionAction {
    }
}
