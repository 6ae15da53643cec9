package dev.tsq.client;

import dev.tsq.TsqException;
import java.net.InetSocketAddress;

/**
 * Hears what a {@link TsqClient} does, the way OkHttp's {@code EventListener} does: every method has a no-op
 * default, so an implementation overrides only what it needs; {@link #NONE} hears nothing. Set with
 * {@link TsqClient.Builder#listener}.
 *
 * <p>Methods are called on the client's event-loop thread, in the order things happen: they must be quick and
 * must not block (no blocking {@code TsqClient} calls). An exception thrown by a listener is logged and
 * otherwise ignored.
 */
public interface TsqClientListener {
    /** Hears nothing. */
    TsqClientListener NONE = new TsqClientListener() {
    };

    /** A QUIC handshake with {@code server} ({@code host:port}) begins. */
    default void connectStart(String server, InetSocketAddress remoteAddress) {
    }

    /** The connection is established (ALPN checked, datagram support known). */
    default void connectEnd(ConnectionInfo connection) {
    }

    /** The handshake failed ({@link HandshakeException}) or got no answer ({@link UnreachableException}). */
    default void connectFailed(String server, InetSocketAddress remoteAddress, TsqException failure) {
    }

    /** A query to {@code server} begins (before its connection, if it needs one). */
    default void queryStart(String server) {
    }

    /** A query ended with a validated sample. */
    default void queryEnd(TsqSample sample) {
    }

    /** A query ended without a sample. */
    default void queryFailed(TsqFailure failure) {
    }

    /**
     * AUTO mode gave up on datagrams for {@code server}: {@code lostQueries} queries in a row lost every datagram,
     * so later queries use streams.
     */
    default void demoted(String server, int lostQueries) {
    }

    /** A datagram of {@code bytes} bytes from {@code server} answered no pending request (late, or forged); dropped. */
    default void unmatchedDatagram(String server, int bytes) {
    }
}
