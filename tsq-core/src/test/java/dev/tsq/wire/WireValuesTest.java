package dev.tsq.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.time.NtpTimestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The value types check their arguments, are immutable, and hold exactly what fits one TLV. */
class WireValuesTest {
    private static final Nonce NONCE = Nonce.of(Tlvs.NONCE);

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    @Test
    void clockQualityChecksEachFieldAndNamesIt() {
        assertEquals("clockClass: 256 (expected: 0-255)",
                assertThrows(IllegalArgumentException.class, () -> new ClockQuality(256, 0, 0, "")).getMessage());
        assertEquals("estimatedErrorMicros: -1 (expected: 0-65535)",
                assertThrows(IllegalArgumentException.class, () -> new ClockQuality(0, -1, 0, "")).getMessage());
        assertEquals("driftPpb: 65536 (expected: 0-65535)",
                assertThrows(IllegalArgumentException.class, () -> new ClockQuality(0, 0, 65536, "")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ClockQuality(0, 0, 0, null));
        new ClockQuality(255, 65535, 65535, repeat("a", 249));
        assertThrows(IllegalArgumentException.class, () -> new ClockQuality(0, 0, 0, repeat("a", 250)));
        // 83 three-byte characters = 249 bytes fit, 84 do not
        new ClockQuality(0, 0, 0, repeat("\u20ac", 83));
        assertThrows(IllegalArgumentException.class, () -> new ClockQuality(0, 0, 0, repeat("\u20ac", 84)));
    }

    @Test
    void timeSourceInfoChecksEachField() {
        assertEquals("stratum: -1 (expected: 0-255)",
                assertThrows(IllegalArgumentException.class, () -> new TimeSourceInfo(-1, 1, "")).getMessage());
        assertEquals("sourceType: 300 (expected: 0-255)",
                assertThrows(IllegalArgumentException.class, () -> new TimeSourceInfo(1, 300, "")).getMessage());
        new TimeSourceInfo(0, 0, repeat("x", 253));
        assertThrows(IllegalArgumentException.class, () -> new TimeSourceInfo(0, 0, repeat("x", 254)));
    }

    @Test
    void errorTlvChecksCodeAndReasonLength() {
        assertEquals("code: 0 (expected: 1-255)", assertThrows(IllegalArgumentException.class, () -> new ErrorTlv(0, "")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ErrorTlv(256, ""));
        new ErrorTlv(255, repeat("r", 253));
        assertThrows(IllegalArgumentException.class, () -> new ErrorTlv(1, repeat("r", 254)));
        assertThrows(IllegalArgumentException.class, () -> new ErrorTlv(1, "\ud800"));
        assertEquals("malformed request", new ErrorTlv(1, "").codeName());
        assertEquals("unsupported TLV", new ErrorTlv(2, "").codeName());
        assertEquals("rate limited", new ErrorTlv(0x80, "").codeName());
        assertEquals("error 77", new ErrorTlv(77, "").codeName());
    }

    @Test
    void metadataSortsByKeyStablyAndChecksItsSize() {
        Metadata m = Metadata.of("site", "us-east", "region", "1", "az", "b", "az", "a");
        assertEquals(List.of("az", "az", "region", "site"), m.entries().stream().map(Metadata.Entry::key).toList());
        assertEquals("b", m.get("az").orElseThrow(), "equal keys keep their given order");
        assertEquals("b", m.asMap().get("az"), "first value wins");
        assertTrue(m.get("nope").isEmpty());
        Map<String, String> map = new LinkedHashMap<>();
        map.put("z", "1");
        map.put("a", "2");
        assertEquals(List.of(new Metadata.Entry("a", "2"), new Metadata.Entry("z", "1")), Metadata.of(map).entries());
        assertThrows(IllegalArgumentException.class, () -> Metadata.of("odd"));
        // one pair of 2 + 253 bytes fills the TLV exactly
        Metadata full = Metadata.of(repeat("k", 100), repeat("v", 153));
        assertEquals(255, full.valueLength());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metadata.of(repeat("k", 100), repeat("v", 154)));
        assertEquals("metadata: 256 bytes encoded (expected: at most 255)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Metadata.Entry(repeat("k", 256), ""));
        assertThrows(IllegalArgumentException.class, () -> new Metadata.Entry("k", "\udc00"));
        assertThrows(NullPointerException.class, () -> new Metadata.Entry(null, ""));
    }

    @Test
    void metadataEntriesAreACopy() {
        List<Metadata.Entry> list = new ArrayList<>(List.of(new Metadata.Entry("a", "1")));
        Metadata m = new Metadata(list);
        list.add(new Metadata.Entry("b", "2"));
        assertEquals(1, m.entries().size());
        assertThrows(UnsupportedOperationException.class, () -> m.entries().add(new Metadata.Entry("c", "3")));
    }

    @Test
    void keyOrderComparesUtf8BytesUnsigned() {
        assertTrue(Metadata.KEY_ORDER.compare("z", "\u00e9") < 0);
        assertTrue(Metadata.KEY_ORDER.compare("a", "ab") < 0);
        // U+FFFF (ef bf bf) sorts before U+10000 (f0 90 80 80) in UTF-8, although UTF-16 puts the surrogate first
        assertTrue(Metadata.KEY_ORDER.compare("\uffff", "\ud800\udc00") < 0);
        assertTrue("\uffff".compareTo("\ud800\udc00") > 0);
    }

    @Test
    void signatureBlockIsImmutableAndComparesByValue() {
        byte[] sig = {1, 2, 3};
        SignatureBlock b = new SignatureBlock(1, -2, sig);
        sig[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, b.signature());
        b.signature()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, b.signature());
        assertEquals(new SignatureBlock(1, -2, new byte[] {1, 2, 3}), b);
        assertEquals(new SignatureBlock(1, -2, new byte[] {1, 2, 3}).hashCode(), b.hashCode());
        assertNotEquals(new SignatureBlock(2, -2, new byte[] {1, 2, 3}), b);
        assertNotEquals(new SignatureBlock(1, -3, new byte[] {1, 2, 3}), b);
        assertEquals("SignatureBlock[algorithm=1, keyId=4294967294, signature=010203]", b.toString());
        assertEquals(2 + 7 + 3, b.tlvLength());
        new SignatureBlock(255, 0, new byte[248]);
        assertThrows(IllegalArgumentException.class, () -> new SignatureBlock(1, 0, new byte[249]));
        assertThrows(IllegalArgumentException.class, () -> new SignatureBlock(256, 0, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> new SignatureBlock(-1, 0, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> new SignatureBlock(1, 0, null));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 1, 2, 3, 247, 250, 254, 255, 256})
    void unknownTlvRefusesAssignedAndOutOfRangeTypes(int type) {
        assertThrows(IllegalArgumentException.class, () -> new UnknownTlv(type, new byte[0]));
    }

    @Test
    void unknownTlvIsImmutable() {
        byte[] v = {7};
        UnknownTlv u = new UnknownTlv(4, v);
        v[0] = 8;
        assertArrayEquals(new byte[] {7}, u.value());
        u.value()[0] = 9;
        assertArrayEquals(new byte[] {7}, u.value());
        assertEquals(new UnknownTlv(4, new byte[] {7}).hashCode(), u.hashCode());
        assertEquals("UnknownTlv[type=4, value=07]", u.toString());
        new UnknownTlv(246, new byte[255]);
        assertThrows(IllegalArgumentException.class, () -> new UnknownTlv(246, new byte[256]));
        assertThrows(IllegalArgumentException.class, () -> new UnknownTlv(5, null));
    }

    @Test
    void nonceBytesRoundTrip() {
        byte[] b = Tlvs.hex("ffeeddccbbaa99887766554433221100");
        Nonce n = Nonce.of(b);
        assertArrayEquals(b, n.toBytes());
        assertEquals("ffeeddccbbaa99887766554433221100", n.toString());
        assertTrue(n.matches(Tlvs.concat(new byte[3], b), 3));
        assertEquals(Nonce.random(new Random(42)), Nonce.random(new Random(42)));
        assertNotEquals(Nonce.random(new Random(42)), Nonce.random(new Random(43)));
        assertThrows(IllegalArgumentException.class, () -> Nonce.of(new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> Nonce.of(null));
    }

    @Test
    void recordsCopyTheirUnknownList() {
        List<UnknownTlv> list = new ArrayList<>();
        TimeRequest r = new TimeRequest(NONCE, false, false, false, null, list, 0);
        list.add(new UnknownTlv(4, new byte[0]));
        assertEquals(List.of(), r.unknown());
        assertThrows(NullPointerException.class, () -> new TimeRequest(null, false, false, false, null, List.of(), 0));
        assertThrows(NullPointerException.class, () -> TimeResponse.of(null, 0, 0));
        assertThrows(NullPointerException.class, () -> new ErrorResponse(null, null));
    }

    @Test
    void responseTimestampsResolveNearThePivot() {
        long t2Nanos = Instant.parse("2024-01-01T00:00:00.5Z").getEpochSecond() * 1_000_000_000L + 500_000_000L;
        TimeResponse r = TimeResponse.of(NONCE, Tlvs.T2, Tlvs.T3);
        assertEquals(t2Nanos, r.receiveEpochNanos(t2Nanos - 3_000_000_000L));
        assertEquals(t2Nanos + 250_000_000L, r.sendEpochNanos(t2Nanos));
        // a pivot one NTP era later (2160) resolves the same bits 2^32 s later
        long era = (1L << 32) * 1_000_000_000L;
        assertEquals(t2Nanos + era, r.receiveEpochNanos(t2Nanos + era + 1_000_000L));
        assertEquals(NtpTimestamp.epochNanosOf(Tlvs.T2), t2Nanos);
    }

    @Test
    void tlvNamesAndKnownTypes() {
        assertEquals("Nonce(1)", TlvType.name(1));
        assertEquals("Unknown(17)", TlvType.name(17));
        assertEquals("SignatureBlock(255)", TlvType.name(255));
        for (int t = 0; t < 256; t++) {
            boolean assigned = t >= 1 && t <= 3 || t >= 247;
            assertEquals(assigned, TlvType.isKnown(t), "type " + t);
        }
    }
}
