package dev.tsq.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tsq.wire.SignatureBlock;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 8032 section 7.1, Ed25519 TEST 1, 2 and 3 (secret key, public key, message, signature), through
 * {@link Keys#ed25519PrivateFromSeed}, {@link Keys#ed25519PublicFromRaw}, {@link Signer} and {@link Verifier}.
 */
class Rfc8032VectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("TEST 1",
                        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                        "",
                        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
                Arguments.of("TEST 2",
                        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                        "72",
                        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
                Arguments.of("TEST 3",
                        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
                        "af82",
                        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void signerReproducesTheRfcSignature(String name, String secret, String pub, String msg, String sig) {
        PrivateKey sk = Keys.ed25519PrivateFromSeed(HEX.parseHex(secret));
        Signer signer = Signer.ed25519(1, sk);
        byte[] message = HEX.parseHex(msg);
        assertEquals(sig, HEX.formatHex(signer.sign(message, 0, message.length)));
        // signing a slice of a larger array signs just the slice
        byte[] padded = new byte[message.length + 5];
        System.arraycopy(message, 0, padded, 3, message.length);
        assertEquals(sig, HEX.formatHex(signer.sign(padded, 3, message.length)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void verifierAcceptsTheRfcSignatureUnderTheRfcPublicKey(String name, String secret, String pub, String msg, String sig) {
        PublicKey pk = Keys.ed25519PublicFromRaw(HEX.parseHex(pub));
        assertArrayEquals(HEX.parseHex(pub), Keys.ed25519RawPublic(pk));
        Verifier v = Verifier.builder().ed25519(77, pk).build();
        byte[] message = HEX.parseHex(msg);
        byte[] signature = HEX.parseHex(sig);
        assertEquals(Verifier.Result.VALID, v.verify(SignatureBlock.ED25519, 77, message, 0, message.length, signature));
        assertEquals(Verifier.Result.VALID, v.verify(new SignatureBlock(SignatureBlock.ED25519, 77, signature), message, 0, message.length));
        // one more byte of message, or one bit of signature, and it fails
        byte[] longer = java.util.Arrays.copyOf(message, message.length + 1);
        assertEquals(Verifier.Result.INVALID, v.verify(SignatureBlock.ED25519, 77, longer, 0, longer.length, signature));
        signature[63] ^= 0x01;
        assertEquals(Verifier.Result.INVALID, v.verify(SignatureBlock.ED25519, 77, message, 0, message.length, signature));
    }
}
