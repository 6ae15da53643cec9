package dev.tsq.server;

import java.net.InetSocketAddress;

/**
 * Observes a server's connections (set with {@link TsqServer.Builder#eventListener}); every method has a no-op
 * default, so an implementation overrides only what it needs. Methods run on the event loop that owns the
 * connection (or, for refusals before a connection exists, that received the packet): they must be quick and
 * must not block. An exception thrown by a method is logged and ignored.
 *
 * <p>Request outcomes (answered, rejected) are reported to {@link TsqServer.Builder#listener}.
 */
public interface ServerEventListener {
    /** A new QUIC connection passed the connection limits; its handshake starts. */
    default void connectionAccepted(InetSocketAddress remote) {
    }

    /**
     * A limit fired: a connection attempt was refused (before TLS work for {@link ServerLimit#MAX_CONNECTIONS},
     * {@link ServerLimit#CONNECTIONS_PER_SOURCE}, {@link ServerLimit#INVALID_RETRY_TOKEN}), a connection was
     * closed ({@link ServerLimit#HANDSHAKE_TIMEOUT}, {@link ServerLimit#QUERY_IDLE}), a stream was cut
     * ({@link ServerLimit#STREAM_TIMEOUT}) or a request refused ({@link ServerLimit#RATE_LIMIT}).
     */
    default void connectionRefused(InetSocketAddress remote, ServerLimit limit) {
    }

    /** An accepted connection is gone; {@code queries} is how many requests it carried. */
    default void connectionClosed(InetSocketAddress remote, long queries) {
    }

    /** A listener that does nothing. */
    ServerEventListener NONE = new ServerEventListener() {
    };
}
