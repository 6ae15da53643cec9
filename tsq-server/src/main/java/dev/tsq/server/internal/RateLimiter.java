package dev.tsq.server.internal;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A token bucket per source address: {@code ratePerSecond} queries refill continuously up to
 * {@code burst}. Thread-safe: servers with several event loops share one limiter (an uncontended lock with one). The table is bounded: when it grows
 * past {@code maxEntries}, buckets that have refilled completely (idle sources) are dropped, and if that
 * is not enough the table is cleared (failing open rather than growing without bound).
 */
public final class RateLimiter {
    private final double tokensPerNano;
    private final double burst;
    private final int maxEntries;
    private final HashMap<InetAddress, Bucket> buckets = new HashMap<>();

    private static final class Bucket {
        double tokens;
        long lastNanos;
    }

    public RateLimiter(double ratePerSecond, int burst, int maxEntries) {
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
    public synchronized boolean tryAcquire(InetAddress source, long nowNanos) {
        if (isUnlimited()) {
            return true;
        }
        Bucket b = buckets.get(source);
        if (b == null) {
            if (buckets.size() >= maxEntries) {
                evict(nowNanos);
            }
            b = new Bucket();
            b.tokens = burst;
            b.lastNanos = nowNanos;
            buckets.put(source, b);
        } else {
            refill(b, nowNanos);
        }
        if (b.tokens >= 1) {
            b.tokens -= 1;
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

    private void evict(long nowNanos) {
        for (Iterator<Map.Entry<InetAddress, Bucket>> it = buckets.entrySet().iterator(); it.hasNext(); ) {
            Bucket b = it.next().getValue();
            refill(b, nowNanos);
            if (b.tokens >= burst) {
                it.remove();
            }
        }
        if (buckets.size() >= maxEntries) {
            buckets.clear();
        }
    }

    /** Number of sources currently tracked. */
    public int size() {
        return buckets.size();
    }
}
