package dev.tsq.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tsq.wire.SignatureBlock;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 4231 HMAC-SHA-256 test cases whose keys meet our 16-byte minimum (3, 4, 6, 7), through Signer and Verifier. */
class Rfc4231HmacTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] fill(int n, int b) {
        byte[] a = new byte[n];
        Arrays.fill(a, (byte) b);
        return a;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("case 3", fill(20, 0xaa), fill(50, 0xdd),
                        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
                Arguments.of("case 4", HEX.parseHex("0102030405060708090a0b0c0d0e0f10111213141516171819"), fill(50, 0xcd),
                        "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
                Arguments.of("case 6", fill(131, 0xaa),
                        "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII),
                        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
                Arguments.of("case 7", fill(131, 0xaa),
                        ("This is a test using a larger than block-size key and a larger than block-size data. "
                                + "The key needs to be hashed before being used by the HMAC algorithm.").getBytes(StandardCharsets.US_ASCII),
                        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void signerAndVerifierAgreeWithTheRfc(String name, byte[] key, byte[] data, String mac) {
        Signer s = Signer.hmacSha256(5, key);
        assertEquals(mac, HEX.formatHex(s.sign(data, 0, data.length)));
        assertEquals(mac, HEX.formatHex(s.sign(data, 0, data.length)), "the Mac is reset between uses");
        Verifier v = Verifier.builder().hmacSha256(5, key).build();
        assertEquals(Verifier.Result.VALID, v.verify(SignatureBlock.HMAC_SHA256, 5, data, 0, data.length, HEX.parseHex(mac)));
        byte[] truncated = Arrays.copyOf(HEX.parseHex(mac), 16);
        assertEquals(Verifier.Result.INVALID, v.verify(SignatureBlock.HMAC_SHA256, 5, data, 0, data.length, truncated));
    }

    @Test
    void case2KeyJefeIsBelowTheMinimumAndRefused() {
        byte[] jefe = "Jefe".getBytes(StandardCharsets.US_ASCII);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Signer.hmacSha256(1, jefe));
        assertEquals("secret: 4 bytes (expected: at least 16 bytes)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Verifier.builder().hmacSha256(1, jefe));
        assertThrows(IllegalArgumentException.class, () -> Signer.hmacSha256(1, new byte[15]));
        assertEquals(32, Signer.hmacSha256(1, new byte[16]).signatureLength());
    }
}
