package dev.tsq.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.auth.Keys;
import dev.tsq.auth.Signer;
import dev.tsq.auth.Verifier;
import dev.tsq.exchange.ResponseRejectedException;
import dev.tsq.exchange.ServerExchange;
import dev.tsq.exchange.TransportMode;
import dev.tsq.exchange.UnauthenticatedResponseException;
import dev.tsq.time.WallClock;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The client against servers that tamper, echo the wrong nonce, never end their streams (like the
 * reference), split responses, lose datagrams or say nothing.
 */
class MisbehavingServerTest {
    private static final KeyPair KEY = Keys.generateEd25519();
    /** Signs when asked (like TsqServer with a key). */
    private static final ServerExchange EXCHANGE = ServerExchange.builder()
            .signer(Signer.ed25519(1, KEY.getPrivate())).build();
    /** Signs every response. */
    private static final ServerExchange ALWAYS_SIGNS = ServerExchange.builder()
            .signer(Signer.ed25519(1, KEY.getPrivate())).alwaysSign(true).build();
    private static final Verifier TRUSTED = Verifier.builder().ed25519(1, KEY.getPublic()).build();

    /** An honest answer, then {@code mutate} applied to it. */
    private static UnaryOperator<byte[]> answer(TransportMode mode, UnaryOperator<byte[]> mutate) {
        return answer(EXCHANGE, mode, mutate);
    }

    private static UnaryOperator<byte[]> answer(ServerExchange exchange, TransportMode mode,
                                                UnaryOperator<byte[]> mutate) {
        return request -> {
            byte[] out = new byte[ServerExchange.MAX_MESSAGE_BYTES];
            int n = exchange.respond(request, 0, request.length, WallClock.SYSTEM.epochNanos(), mode, out, 0);
            return n == 0 ? null : mutate.apply(Arrays.copyOf(out, n));
        };
    }

    private static UnaryOperator<byte[]> honest(TransportMode mode) {
        return answer(mode, b -> b);
    }

    private static TsqClient.Builder client(RawQuicServer s) {
        return TsqClient.builder().server(s.address()).trustCertificates(List.of(s.certificate()));
    }

    @Test
    void aTamperedSignedResponseFailsInBothModes() throws Exception {
        UnaryOperator<byte[]> flipT2 = b -> {
            b[27] ^= 0x01; // the last bit of the Receive Timestamp: a plausible time, a broken signature
            return b;
        };
        try (RawQuicServer s = new RawQuicServer(answer(ALWAYS_SIGNS, TransportMode.STREAM, flipT2), true,
                answer(ALWAYS_SIGNS, TransportMode.DATAGRAM, flipT2))) {
            for (QueryMode mode : List.of(QueryMode.STREAM, QueryMode.DATAGRAM)) {
                try (TsqClient c = client(s).mode(mode).requestSignature(TRUSTED).build()) {
                    UnauthenticatedResponseException e = assertThrows(UnauthenticatedResponseException.class, c::query);
                    assertEquals(ResponseRejectedException.Reason.BAD_SIGNATURE, e.reason(), mode.name());
                }
            }
            // A Signature Block that does not verify is rejected even when no signature was asked for...
            try (TsqClient c = client(s).mode(QueryMode.STREAM).verifier(TRUSTED).build()) {
                assertEquals(ResponseRejectedException.Reason.BAD_SIGNATURE,
                        assertThrows(UnauthenticatedResponseException.class, c::query).reason());
            }
            // ...while a client that trusts no key cannot check it: accepted, but not authenticated.
            try (TsqClient c = client(s).mode(QueryMode.STREAM).build()) {
                assertFalse(c.query().authenticated());
            }
        }
    }

    @Test
    void anHonestSignedResponseFromTheRawServerVerifies() throws Exception {
        try (RawQuicServer s = new RawQuicServer(honest(TransportMode.STREAM), true, honest(TransportMode.DATAGRAM));
             TsqClient c = client(s).mode(QueryMode.STREAM).requestSignature(TRUSTED).build()) {
            assertTrue(c.query().authenticated());
        }
    }

    @Test
    void aStreamResponseWithAnotherNonceIsANonceMismatch() throws Exception {
        UnaryOperator<byte[]> otherNonce = b -> {
            b[5] ^= 0x55; // inside the echoed nonce
            return b;
        };
        try (RawQuicServer s = new RawQuicServer(answer(TransportMode.STREAM, otherNonce), true,
                answer(TransportMode.DATAGRAM, otherNonce))) {
            try (TsqClient c = client(s).mode(QueryMode.STREAM).build()) {
                ResponseRejectedException e = assertThrows(ResponseRejectedException.class, c::query);
                assertEquals(ResponseRejectedException.Reason.NONCE_MISMATCH, e.reason());
            }
            // A datagram with an unknown nonce answers nothing we sent: it is dropped and the query times out.
            try (TsqClient c = client(s).mode(QueryMode.DATAGRAM).timeout(Duration.ofMillis(400))
                    .datagramRetry(2, Duration.ofMillis(100)).build()) {
                assertThrows(QueryTimeoutException.class, c::query);
            }
        }
    }

    @Test
    void aStreamCompletesWhenTheResponseParsesWithoutWaitingForFin() throws Exception {
        try (RawQuicServer s = new RawQuicServer(honest(TransportMode.STREAM), false, null);
             TsqClient c = client(s).mode(QueryMode.STREAM).timeout(Duration.ofSeconds(5)).build()) {
            c.connect(s.address());
            // The server never sends FIN: a client that waited for it would fail this query with a timeout.
            TsqSample sample = c.query();
            assertEquals(38, sample.responseBytes());
            assertEquals(10, c.query(s.address(), 10).samples().size());
        }
    }

    @Test
    void aResponseSplitAcrossPacketsIsReassembled() throws Exception {
        // 20 bytes first: whole TLVs are not there yet; then the rest 30 ms later.
        try (RawQuicServer s = new RawQuicServer(honest(TransportMode.STREAM), true, null, 20);
             TsqClient c = client(s).mode(QueryMode.STREAM).build()) {
            assertEquals(38, c.query().responseBytes());
        }
        // Split after the timestamps of a signed response: what arrived first parses but is not signed yet.
        try (RawQuicServer s = new RawQuicServer(honest(TransportMode.STREAM), false, null, 38);
             TsqClient c = client(s).mode(QueryMode.STREAM).requestSignature(TRUSTED).build()) {
            TsqSample sample = c.query();
            assertTrue(sample.authenticated());
        }
    }

    @Test
    void autoModeFallsBackToStreamsWhenDatagramsKeepGettingLost() throws Exception {
        // Counted, not timed: the server sees each datagram attempt.
        java.util.concurrent.atomic.AtomicInteger datagrams = new java.util.concurrent.atomic.AtomicInteger();
        try (RawQuicServer s = new RawQuicServer(honest(TransportMode.STREAM), true, request -> {
            datagrams.incrementAndGet();
            return null;
        }); TsqClient c = client(s).datagramRetry(2, Duration.ofMillis(40)).timeout(Duration.ofSeconds(10)).build()) {
            assertTrue(c.connect(s.address()).datagramsSupported());
            for (int i = 0; i < 3; i++) {
                TsqSample sample = c.query();
                assertEquals(TransportMode.STREAM, sample.mode(), "fell back");
                int sent = 2 * (i + 1);
                awaitCount(datagrams, sent, "two lost datagram attempts before query " + i + " fell back");
            }
            // Three queries in a row lost every datagram: the connection now goes straight to streams.
            assertEquals(TransportMode.STREAM, c.query().mode());
            assertEquals(TransportMode.STREAM, c.query().mode());
            assertEquals(6, datagrams.get(), "no datagram attempt any more");
        }
        try (RawQuicServer s = new RawQuicServer(honest(TransportMode.STREAM), true, request -> null);
             TsqClient c = client(s).mode(QueryMode.DATAGRAM).datagramRetry(3, Duration.ofMillis(50))
                     .timeout(Duration.ofSeconds(3)).build()) { // the 3 attempts (0, 50, 100 ms) fit with 2.9 s to spare
            QueryTimeoutException e = assertThrows(QueryTimeoutException.class, c::query);
            assertTrue(e.getMessage().contains("3 datagram request(s)"), e.getMessage());
        }
    }

    @Test
    void aLateDatagramAnswerToAnEarlierAttemptStillCountsWithItsOwnT1() throws Exception {
        int[] seen = {0};
        // Drop the first attempt's answer... by answering it 120 ms late, after the retry went out at 50 ms.
        try (RawQuicServer s = new RawQuicServer(honest(TransportMode.STREAM), true, request -> {
            if (seen[0]++ == 0) {
                try {
                    Thread.sleep(120);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return honest(TransportMode.DATAGRAM).apply(request);
        }); TsqClient c = client(s).mode(QueryMode.DATAGRAM).datagramRetry(3, Duration.ofMillis(50)).build()) {
            c.connect(s.address());
            TsqSample sample = c.query();
            assertEquals(TransportMode.DATAGRAM, sample.mode());
            // The first answer (after the server's 120 ms nap) arrives first and is paired with the first
            // attempt's T1; paired with the retry's (sent at 50 ms) the round trip would look like ~70 ms.
            long rtt = sample.t4() - sample.t1();
            assertTrue(rtt >= 110_000_000L, "RTT " + rtt / 1e6 + " ms");
        }
    }

    @Test
    void aSilentServerIsAQueryTimeout() throws Exception {
        try (RawQuicServer s = new RawQuicServer(request -> null, true, request -> null);
             TsqClient c = client(s).mode(QueryMode.STREAM).timeout(Duration.ofMillis(300)).build()) {
            long start = System.nanoTime();
            assertThrows(QueryTimeoutException.class, c::query);
            long ms = (System.nanoTime() - start) / 1_000_000;
            // a lower bound only: the timeout cannot fire before it is due; how much later it fires is load
            assertTrue(ms >= 299, ms + " ms");
        }
    }

    /** Waits (up to 10 s, polling) until {@code counter} reaches {@code expected}; fails if it passes it. */
    private static void awaitCount(java.util.concurrent.atomic.AtomicInteger counter, int expected, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (counter.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, counter.get(), what);
    }
}
