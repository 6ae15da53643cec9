package dev.tsq.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.server.ServerLimit;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTokenHandlerTest {
    private static final InetSocketAddress A = new InetSocketAddress("192.0.2.1", 4433);
    private static final InetSocketAddress B = new InetSocketAddress("192.0.2.2", 4433);

    private static final class TestGate implements RetryTokenHandler.Gate {
        ServerLimit refuse;
        boolean retry = true;
        final AtomicInteger retries = new AtomicInteger();
        final AtomicInteger invalid = new AtomicInteger();

        @Override
        public ServerLimit refuse(InetSocketAddress sender) {
            return refuse;
        }

        @Override
        public boolean retryNow() {
            return retry;
        }

        @Override
        public void retrySent() {
            retries.incrementAndGet();
        }

        @Override
        public void invalidToken(InetSocketAddress sender) {
            invalid.incrementAndGet();
        }
    }

    private static ByteBuf dcid() {
        return Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    }

    @Test
    void aTokenIsValidForItsAddressOnlyAndCarriesTheOriginalConnectionId() {
        TestGate gate = new TestGate();
        RetryTokenHandler h = new RetryTokenHandler(new byte[32], 10_000, gate);
        ByteBuf token = Unpooled.buffer(h.maxTokenLength());
        assertTrue(h.writeToken(token, dcid(), A));
        assertEquals(1, gate.retries.get());
        int offset = h.validateToken(token.slice(), A);
        assertEquals(token.readableBytes() - 8, offset);
        assertEquals(dcid(), token.slice(offset, 8), "odcid at the token's end");
        assertEquals(-1, h.validateToken(token.slice(), B), "another address");
        ByteBuf forged = token.copy();
        forged.setByte(12, forged.getByte(12) ^ 1);
        assertEquals(-1, h.validateToken(forged, A), "a flipped MAC bit");
        assertEquals(-1, h.validateToken(Unpooled.wrappedBuffer(new byte[5]), A), "too short");
        assertEquals(-1, new RetryTokenHandler(new byte[] {9}, 10_000, gate).validateToken(token.slice(), A),
                "another server's key");
        assertEquals(4, gate.invalid.get());
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        TestGate gate = new TestGate();
        RetryTokenHandler h = new RetryTokenHandler(new byte[32], 0, gate);
        ByteBuf token = Unpooled.buffer(h.maxTokenLength());
        assertTrue(h.writeToken(token, dcid(), A));
        Thread.sleep(5); // lifetime 0 ms: any age is too old
        assertEquals(-1, h.validateToken(token.slice(), A));
        assertEquals(1, gate.invalid.get());
    }

    @Test
    void noRetryWhenNotNeededAndARefusalTokenIsNeverAccepted() {
        TestGate gate = new TestGate();
        gate.retry = false;
        RetryTokenHandler h = new RetryTokenHandler(new byte[32], 10_000, gate);
        assertFalse(h.writeToken(Unpooled.buffer(64), dcid(), A), "below the threshold: no Retry");
        gate.refuse = ServerLimit.CONNECTIONS_PER_SOURCE;
        ByteBuf token = Unpooled.buffer(h.maxTokenLength());
        assertTrue(h.writeToken(token, dcid(), A), "a refusal answers with a stateless Retry");
        assertEquals(0, gate.retries.get(), "not counted as a Retry");
        gate.refuse = null;
        assertEquals(-1, h.validateToken(token.slice(), A), "its token never admits a connection");
        assertEquals(0, gate.invalid.get(), "and is not an invalid token either");
    }
}
