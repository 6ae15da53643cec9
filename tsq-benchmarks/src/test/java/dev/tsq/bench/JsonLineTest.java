package dev.tsq.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JsonLineTest {

    @Test
    void keysInInsertionOrderOnOneLine() {
        String line = new JsonLine().put("b", 2).put("a", "x").put("ok", true).toString();
        assertEquals("{\"b\":2,\"a\":\"x\",\"ok\":true}", line);
        assertFalse(line.contains("\n"));
    }

    @Test
    void doublesAreRoundedWithoutTrailingZerosOrExponent() {
        JsonLine j = new JsonLine()
                .put("a", 12.34567, 1)
                .put("b", 3.0, 2)
                .put("c", 1e9, 0)
                .put("d", -0.0001, 2)
                .put("e", 0.000123, 6);
        assertEquals("{\"a\":12.3,\"b\":3,\"c\":1000000000,\"d\":0,\"e\":0.000123}", j.toString());
    }

    @Test
    void nanAndInfinityBecomeNull() {
        assertEquals("{\"a\":null,\"b\":null,\"c\":null}", new JsonLine().put("a", Double.NaN, 1)
                .put("b", Double.POSITIVE_INFINITY, 1).put("c", (String) null).toString());
    }

    @Test
    void stringsAreEscaped() {
        assertEquals("{\"k\":\"a\\\"b\\\\c\\nd\\u0001\"}", new JsonLine().put("k", "a\"b\\c\nd\u0001").toString());
    }

    @Test
    void aKeyPutTwiceKeepsItsPlaceAndTakesTheNewValue() {
        JsonLine j = new JsonLine().put("x", 1).put("y", 2).put("x", 3);
        assertEquals("{\"x\":3,\"y\":2}", j.toString());
        assertTrue(j.has("y"));
        assertFalse(j.has("z"));
        assertThrows(IllegalArgumentException.class, () -> j.put("", 1));
    }

    @Test
    void theRequiredKeysOfIssueFiveAreListed() {
        for (String key : new String[] {"floor_udp_rtt_p50_us", "datagram_rtt_p50_us", "stream_rtt_p50_us",
                "handshake_p50_us", "sync_p50_ms", "server_qps", "offset_error_p50_us", "offset_error_p1_us",
                "offset_error_p99_us"}) {
            assertTrue(BenchMain.REQUIRED_KEYS.contains(key), key);
        }
    }
}
