package dev.tsq.server.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters written by the event loop and read by anyone. */
public final class ServerStats {
    public enum Rejection { MALFORMED, TOO_LARGE, SIGNATURE_UNAVAILABLE, RATE_LIMITED, RESPONSE_TOO_LARGE }

    public final LongAdder streamQueries = new LongAdder();
    public final LongAdder datagramQueries = new LongAdder();
    private final LongAdder[] rejections = new LongAdder[Rejection.values().length];
    public final AtomicLong activeConnections = new AtomicLong();
    public final LongAdder totalConnections = new LongAdder();
    public final LongAdder refusedConnections = new LongAdder();

    public ServerStats() {
        for (int i = 0; i < rejections.length; i++) {
            rejections[i] = new LongAdder();
        }
    }

    public void answered(boolean datagram) {
        (datagram ? datagramQueries : streamQueries).increment();
    }

    public void rejected(Rejection r) {
        rejections[r.ordinal()].increment();
    }

    public Map<Rejection, Long> rejections() {
        Map<Rejection, Long> m = new EnumMap<>(Rejection.class);
        for (Rejection r : Rejection.values()) {
            m.put(r, rejections[r.ordinal()].sum());
        }
        return m;
    }
}
