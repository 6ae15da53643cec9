package dev.tsq.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Server limits over real QUIC on loopback. */
class LimitsTest {
    @Test
    void thousandStreamQueriesOnOneConnectionForEachFinPattern() throws Exception {
        try (TsqServer server = TsqServer.builder().port(0).selfSigned().noRateLimit().build().start()) {
            InetSocketAddress a = server.localAddress();
            for (RawQuicClient.Fin pattern : RawQuicClient.Fin.values()) {
                try (RawQuicClient c = RawQuicClient.connect(a, "tsq")) {
                    int answered = 0;
                    for (int i = 0; i < 1000; i++) {
                        RawQuicClient.StreamResult r = c.stream(TsqServerTest.bareRequest(), pattern, Duration.ofSeconds(5));
                        if (r.bytes().length != 38) {
                            break;
                        }
                        answered++;
                    }
                    assertEquals(1000, answered, pattern + ": answered in a row");
                }
            }
        }
    }
}
