package dev.tsq.server.internal;

import dev.tsq.exchange.RejectReason;
import dev.tsq.exchange.ServerExchange;
import dev.tsq.exchange.TransportMode;
import dev.tsq.server.ServerLimit;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counters written by the event loop and read by anyone; also the exchange's listener. */
public final class ServerStats implements ServerExchange.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ServerStats.class);

    public final LongAdder streamQueries = new LongAdder();
    public final LongAdder datagramQueries = new LongAdder();
    private final LongAdder[] rejections = new LongAdder[RejectReason.values().length];
    public final AtomicLong activeConnections = new AtomicLong();
    public final LongAdder totalConnections = new LongAdder();
    public final LongAdder refusedConnections = new LongAdder();
    public final LongAdder retries = new LongAdder();
    private final LongAdder[] limits = new LongAdder[ServerLimit.values().length];
    private final ServerExchange.Listener user;

    public ServerStats(ServerExchange.Listener user) {
        this.user = user;
        for (int i = 0; i < rejections.length; i++) {
            rejections[i] = new LongAdder();
        }
        for (int i = 0; i < limits.length; i++) {
            limits[i] = new LongAdder();
        }
    }

    @Override
    public void answered(TransportMode mode) {
        (mode == TransportMode.DATAGRAM ? datagramQueries : streamQueries).increment();
        user.answered(mode);
    }

    @Override
    public void rejected(TransportMode mode, RejectReason reason, String detail) {
        rejections[reason.ordinal()].increment();
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} request rejected ({}): {}", mode.label(), reason, detail);
        }
        user.rejected(mode, reason, detail);
    }

    /** A limit fired (refused a connection, stream or request, or closed a connection). */
    public void limitFired(ServerLimit limit) {
        limits[limit.ordinal()].increment();
        if (limit == ServerLimit.MAX_CONNECTIONS || limit == ServerLimit.CONNECTIONS_PER_SOURCE) {
            refusedConnections.increment();
        }
    }

    public Map<ServerLimit, Long> limits() {
        Map<ServerLimit, Long> m = new EnumMap<>(ServerLimit.class);
        for (ServerLimit l : ServerLimit.values()) {
            m.put(l, limits[l.ordinal()].sum());
        }
        return m;
    }

    public Map<RejectReason, Long> rejections() {
        Map<RejectReason, Long> m = new EnumMap<>(RejectReason.class);
        for (RejectReason r : RejectReason.values()) {
            m.put(r, rejections[r.ordinal()].sum());
        }
        return m;
    }
}
