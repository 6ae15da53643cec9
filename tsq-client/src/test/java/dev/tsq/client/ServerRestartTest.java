package dev.tsq.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.TsqException;
import dev.tsq.exchange.TransportMode;
import dev.tsq.server.TsqServer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server that restarts has forgotten its QUIC connections and need not say so: its successor drops packets for
 * connection ids it never issued. The client must notice the silence and connect anew within a few queries, not
 * keep querying a dead connection until the QUIC idle timeout. Real QUIC on loopback, the same port before and
 * after.
 */
class ServerRestartTest {
    private static final int MAX_QUERIES = 20;

    private static TsqServer.Builder server(int port) {
        return TsqServer.builder().bindAddress("127.0.0.1").port(port).selfSigned().noRateLimit();
    }

    @Test
    void aDatagramClientFindsARestartedServerWithinAFewQueries() {
        assertEquals(TransportMode.DATAGRAM, assertRecovers(QueryMode.DATAGRAM).mode());
    }

    @Test
    void aStreamClientFindsARestartedServerWithinAFewQueries() {
        assertEquals(TransportMode.STREAM, assertRecovers(QueryMode.STREAM).mode());
    }

    @Test
    void anAutoClientThatDemotedForTheSilenceUsesDatagramsAgainOnTheNewConnection() {
        TsqSample s = assertRecovers(QueryMode.AUTO);
        assertEquals(TransportMode.DATAGRAM, s.mode(), "silence of streams too was no verdict on datagrams: " + s);
    }

    private static TsqSample assertRecovers(QueryMode mode) {
        TsqServer before = server(0).build().start();
        int port = before.port();
        String addr = "127.0.0.1:" + port;
        TsqServer after = server(port).build(); // its key made now, bound once the first one is gone
        List<X509Certificate> both = new ArrayList<>(before.certificateChain());
        both.addAll(after.certificateChain());
        // An idle timeout far beyond the whole test: a recovery within it is the session's doing, not QUIC's.
        try (TsqClient c = TsqClient.builder().trustCertificates(both).mode(mode).timeout(Duration.ofSeconds(1))
                .datagramRetry(2, Duration.ofMillis(500)).idleTimeout(Duration.ofSeconds(120)).build()) {
            assertNotNull(c.query(addr));
            assertEquals(1, c.counters().connects());

            before.close();
            after.start();

            int answeredAt = -1;
            TsqSample answer = null;
            List<String> failures = new ArrayList<>();
            for (int i = 1; i <= MAX_QUERIES && answeredAt < 0; i++) {
                try {
                    answer = c.query(addr);
                    answeredAt = i;
                } catch (TsqException e) {
                    failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
            ClientCounters k = c.counters();
            System.out.println(mode + ": the restarted server answered query " + answeredAt + " after "
                    + failures.size() + " failures; " + k);
            assertTrue(answeredAt > 0, "no answer in " + MAX_QUERIES + " queries: " + failures);
            assertEquals(1, k.silenceDrops(), "the silent connection was dropped once: " + failures);
            assertEquals(2, k.connects(), "one new connection, to the restarted server: " + k);
            // Three silent queries drop the connection; the fourth connects anew. On a loaded machine a query on
            // either connection may miss its 1 s deadline, so allow a few more, but far fewer than MAX_QUERIES.
            assertTrue(answeredAt <= 10, "answered only at query " + answeredAt + ": " + failures);
            return answer;
        } finally {
            before.close();
            after.close();
        }
    }
}
