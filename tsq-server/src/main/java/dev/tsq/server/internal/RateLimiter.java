package dev.tsq.server.internal;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per source ({@link SourceKey}: IPv4 /32, IPv6 /64): {@code ratePerSecond} tokens refill
 * continuously up to {@code burst}; a request takes {@code cost} tokens (signed requests cost more than
 * unsigned ones). Thread-safe: servers with several event loops share one limiter.
 *
 * <p>The table is bounded by {@code maxEntries} and never clears live buckets to make room (that would hand
 * a flooding source a fresh burst). The map is kept in access order, so its eldest entry is the idlest
 * source: when the table is full, the eldest entries are dropped while they have refilled completely (such a
 * bucket is indistinguishable from a new one, nothing is lost); if the idlest bucket is still live, the new
 * source is refused until one refills. Every step is O(1).
 */
public final class RateLimiter {
    private final double tokensPerNano;
    private final double burst;
    private final int maxEntries;
    private final LinkedHashMap<SourceKey, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true);
    private long tableFullRefusals;

    private static final class Bucket {
        double tokens;
        long lastNanos;
    }

    public RateLimiter(double ratePerSecond, int burst, int maxEntries) {
        if (maxEntries < 1 && !Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: >= 1)");
        }
        this.tokensPerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.maxEntries = maxEntries;
    }

    /** A limiter that never refuses. */
    public static RateLimiter unlimited() {
        return new RateLimiter(Double.POSITIVE_INFINITY, Integer.MAX_VALUE, 0);
    }

    public boolean isUnlimited() {
        return Double.isInfinite(tokensPerNano);
    }

    /** Takes one token for {@code source} at monotonic time {@code nowNanos}; false when none is left. */
    public boolean tryAcquire(InetAddress source, long nowNanos) {
        return tryAcquire(SourceKey.of(source), 1, nowNanos);
    }

    /**
     * Takes {@code cost} tokens for {@code source} at monotonic time {@code nowNanos}; false (and nothing taken)
     * when fewer are left, or when the source is new and the table is full of live buckets.
     */
    public synchronized boolean tryAcquire(SourceKey source, double cost, long nowNanos) {
        if (isUnlimited()) {
            return true;
        }
        Bucket b = buckets.get(source);
        if (b == null) {
            if (buckets.size() >= maxEntries && !evictIdle(nowNanos)) {
                tableFullRefusals++;
                return false;
            }
            b = new Bucket();
            b.tokens = burst;
            b.lastNanos = nowNanos;
            buckets.put(source, b);
        } else {
            refill(b, nowNanos);
        }
        if (b.tokens >= cost) {
            b.tokens -= cost;
            return true;
        }
        return false;
    }

    private void refill(Bucket b, long nowNanos) {
        long elapsed = nowNanos - b.lastNanos;
        if (elapsed > 0) {
            b.tokens = Math.min(burst, b.tokens + elapsed * tokensPerNano);
            b.lastNanos = nowNanos;
        }
    }

    /** Drops idle (fully refilled) buckets from the idle end; true when there is room now. */
    private boolean evictIdle(long nowNanos) {
        for (Iterator<Map.Entry<SourceKey, Bucket>> it = buckets.entrySet().iterator(); it.hasNext(); ) {
            Bucket b = it.next().getValue();
            double tokens = Math.min(burst, b.tokens + Math.max(0, nowNanos - b.lastNanos) * tokensPerNano);
            if (tokens < burst) {
                break; // the idlest source is still live: keep it (and every busier one)
            }
            it.remove();
            if (buckets.size() < maxEntries) {
                return true;
            }
        }
        return buckets.size() < maxEntries;
    }

    /** Number of sources currently tracked. */
    public synchronized int size() {
        return buckets.size();
    }

    /** New sources refused because the table was full of live buckets. */
    public synchronized long tableFullRefusals() {
        return tableFullRefusals;
    }
}
