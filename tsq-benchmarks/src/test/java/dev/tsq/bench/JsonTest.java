package dev.tsq.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void keysInInsertionOrderOnOneLine() {
        String line = new Json().put("b", 2).put("a", "x").put("ok", true).toString();
        assertEquals("{\"b\":2,\"a\":\"x\",\"ok\":true}", line);
        assertFalse(line.contains("\n"));
    }

    @Test
    void doublesAreRoundedWithoutTrailingZerosOrExponent() {
        Json j = new Json()
                .put("a", 12.34567, 1)
                .put("b", 3.0, 2)
                .put("c", 1e9, 0)
                .put("d", -0.0001, 2)
                .put("e", 0.000123, 6);
        assertEquals("{\"a\":12.3,\"b\":3,\"c\":1000000000,\"d\":0,\"e\":0.000123}", j.toString());
    }

    @Test
    void nanAndInfinityBecomeNull() {
        assertEquals("{\"a\":null,\"b\":null,\"c\":null}", new Json().put("a", Double.NaN, 1)
                .put("b", Double.POSITIVE_INFINITY, 1).put("c", (String) null).toString());
    }

    @Test
    void stringsAreEscaped() {
        assertEquals("{\"k\":\"a\\\"b\\\\c\\nd\\u0001\"}", new Json().put("k", "a\"b\\c\nd\u0001").toString());
    }

    @Test
    void aKeyPutTwiceKeepsItsPlaceAndTakesTheNewValue() {
        Json j = new Json().put("x", 1).put("y", 2).put("x", 3);
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

    @Test
    void nestedObjectsListsMapsAndBoxedNumbersAsTheCliWritesThem() {
        Json j = Json.object().put("servers", java.util.List.of(Json.object().put("server", "a").put("agreed", true), "b"))
                .put("quality", java.util.Map.of("class", 6)).put("offset_ms", Json.millis(250_012_345L))
                .put("none", (Object) null).put("count", Integer.valueOf(3)).put("ratio", (Object) 0.5);
        assertEquals("{\"servers\":[{\"server\":\"a\",\"agreed\":true},\"b\"],\"quality\":{\"class\":6},"
                + "\"offset_ms\":250.012,\"none\":null,\"count\":3,\"ratio\":0.5}", j.toString());
    }

    @Test
    void millisecondsAreFormattedInOnePlace() {
        assertEquals(250.012, Fmt.millis(250_012_345L));
        assertEquals(-0.001, Fmt.millis(-1_499L));
        assertEquals("+250.012 ms", Fmt.signedMs(250_012_345L));
        assertEquals("-0.180 ms", Fmt.signedMs(-180_000L));
        assertEquals("0.180 ms", Fmt.ms(180_000L));
        assertEquals("5.69 ms", Fmt.ms(5.6912, 2));
        assertEquals("-", Fmt.ms(Double.NaN, 2));
    }
}
