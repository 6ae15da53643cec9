package dev.tsq.server.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Connection counts shared by every event loop of a server: open, half-open, and open per source. */
public final class ConnectionTracker {
    public final AtomicLong active = new AtomicLong();
    public final AtomicLong halfOpen = new AtomicLong();
    private final ConcurrentHashMap<SourceKey, AtomicInteger> perSource = new ConcurrentHashMap<>();

    public int ofSource(SourceKey key) {
        AtomicInteger n = perSource.get(key);
        return n == null ? 0 : n.get();
    }

    public void opened(SourceKey key) {
        perSource.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    public void closed(SourceKey key) {
        perSource.computeIfPresent(key, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    /** Sources with at least one open connection. */
    public int sources() {
        return perSource.size();
    }
}
