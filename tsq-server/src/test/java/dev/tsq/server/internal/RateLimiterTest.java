package dev.tsq.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long S = 1_000_000_000L;

    private static SourceKey key(String ip) throws Exception {
        return SourceKey.of(InetAddress.getByName(ip));
    }

    @Test
    void ipv6SourcesInOneSlash64ShareABucket() throws Exception {
        RateLimiter l = new RateLimiter(1, 3, 100);
        assertTrue(l.tryAcquire(key("2001:db8:1:2::1"), 1, 0));
        assertTrue(l.tryAcquire(key("2001:db8:1:2:ffff::7"), 1, 0));
        assertTrue(l.tryAcquire(key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), 1, 0));
        assertFalse(l.tryAcquire(key("2001:db8:1:2::99"), 1, 0), "a fresh /128 in the same /64 gets no fresh burst");
        assertTrue(l.tryAcquire(key("2001:db8:1:3::1"), 1, 0), "another /64 has its own budget");
        assertEquals(2, l.size());
        assertEquals(key("2001:db8:1:2::1"), key("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    }

    @Test
    void ipv4SourcesAreKeyedByTheWholeAddressAndMappedIpv6CountsAsIpv4() throws Exception {
        assertFalse(key("192.0.2.1").equals(key("192.0.2.2")));
        assertEquals(key("192.0.2.1"), key("::ffff:192.0.2.1"));
        assertEquals("192.0.2.1", key("192.0.2.1").toString());
    }

    @Test
    void signedCostTakesMoreOfTheBudget() throws Exception {
        RateLimiter l = new RateLimiter(10, 100, 10);
        SourceKey k = key("192.0.2.9");
        for (int i = 0; i < 5; i++) {
            assertTrue(l.tryAcquire(k, 20, 0));
        }
        assertFalse(l.tryAcquire(k, 20, 0), "five signed requests exhaust a burst of 100");
        assertFalse(l.tryAcquire(k, 1, 0), "and nothing was left for an unsigned one either");
        assertTrue(l.tryAcquire(k, 20, 2 * S), "2 s at 10/s refills 20");
    }

    @Test
    void aFullTableNeverClearsLiveBucketsItRefusesNewSources() throws Exception {
        RateLimiter l = new RateLimiter(1, 2, 3);
        SourceKey flooder = key("192.0.2.1");
        assertTrue(l.tryAcquire(flooder, 1, 0));
        assertTrue(l.tryAcquire(flooder, 1, 0));
        assertFalse(l.tryAcquire(flooder, 1, 0));
        assertTrue(l.tryAcquire(key("192.0.2.2"), 1, 0));
        assertTrue(l.tryAcquire(key("192.0.2.3"), 1, 0));
        // Full of live buckets (none has refilled): a new source is refused, nothing is cleared.
        for (int i = 10; i < 60; i++) {
            assertFalse(l.tryAcquire(key("198.51.100." + i), 1, S / 10));
        }
        assertEquals(3, l.size());
        assertEquals(50, l.tableFullRefusals());
        assertFalse(l.tryAcquire(flooder, 1, S / 10), "the flooder's bucket was kept: still empty");
    }

    @Test
    void aFullTableEvictsTheIdlestBucketOnceItHasRefilled() throws Exception {
        RateLimiter l = new RateLimiter(1, 2, 2);
        SourceKey idle = key("192.0.2.1");
        SourceKey busy = key("192.0.2.2");
        assertTrue(l.tryAcquire(idle, 1, 0));
        assertTrue(l.tryAcquire(busy, 1, 3 * S / 2));
        assertTrue(l.tryAcquire(busy, 1, 3 * S / 2)); // busy: empty at 1.5 s; idle has refilled by 1 s
        assertTrue(l.tryAcquire(key("192.0.2.3"), 1, 2 * S), "the idle (refilled) bucket made room");
        assertEquals(2, l.size());
        assertFalse(l.tryAcquire(busy, 1, 2 * S), "busy kept its bucket (0.5 tokens, not a fresh burst of 2)");
    }
}
