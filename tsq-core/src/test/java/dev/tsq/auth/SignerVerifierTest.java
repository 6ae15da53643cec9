package dev.tsq.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.wire.MessageCodec;
import dev.tsq.wire.Nonce;
import dev.tsq.wire.SignatureBlock;
import dev.tsq.wire.TimeResponse;
import dev.tsq.wire.Tlvs;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Signing a response, verifying it with several trusted keys (rotation by key id), and loading keys. */
class SignerVerifierTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SEED1 = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final byte[] SEED2 = HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    private static final byte[] PUB1 = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final byte[] PUB2 = HEX.parseHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    private static final byte[] SECRET_A = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SECRET_B = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

    private static byte[] signedResponse(Signer signer) {
        TimeResponse r = TimeResponse.of(Nonce.of(Tlvs.NONCE), Tlvs.T2, Tlvs.T3).withPadding(6);
        byte[] out = new byte[r.encodedLength() + signer.blockLength()];
        int n = MessageCodec.encode(r, out, 0);
        assertEquals(out.length, signer.appendSignature(out, 0, n));
        return out;
    }

    private static Verifier.Result verify(Verifier v, byte[] wire) {
        SignatureBlock b = MessageCodec.decodeResponse(wire).signature();
        return v.verify(b, wire, 0, wire.length - b.tlvLength());
    }

    @Test
    void rotationVerifiesEachKeyByItsId() {
        Verifier v = Verifier.builder()
                .ed25519(1, Keys.ed25519PublicFromRaw(PUB1))
                .ed25519(2, Keys.ed25519PublicFromRaw(PUB2))
                .hmacSha256(1, SECRET_A)
                .hmacSha256(0xFFFFFFFF, SECRET_B)
                .build();
        assertEquals(4, v.size());
        assertFalse(v.isEmpty());
        assertEquals(Verifier.Result.VALID, verify(v, signedResponse(Signer.ed25519(1, Keys.ed25519PrivateFromSeed(SEED1)))));
        assertEquals(Verifier.Result.VALID, verify(v, signedResponse(Signer.ed25519(2, Keys.ed25519PrivateFromSeed(SEED2)))));
        assertEquals(Verifier.Result.VALID, verify(v, signedResponse(Signer.hmacSha256(1, SECRET_A))));
        assertEquals(Verifier.Result.VALID, verify(v, signedResponse(Signer.hmacSha256(-1, SECRET_B))));
        // right key id, wrong key: invalid, not unknown
        assertEquals(Verifier.Result.INVALID, verify(v, signedResponse(Signer.ed25519(2, Keys.ed25519PrivateFromSeed(SEED1)))));
        assertEquals(Verifier.Result.INVALID, verify(v, signedResponse(Signer.hmacSha256(1, SECRET_B))));
        // an id nobody trusts
        assertEquals(Verifier.Result.UNKNOWN_KEY, verify(v, signedResponse(Signer.ed25519(3, Keys.ed25519PrivateFromSeed(SEED1)))));
        assertEquals(Verifier.Result.UNKNOWN_KEY, verify(v, signedResponse(Signer.hmacSha256(2, SECRET_A))));
        // after rotation the old key id is gone
        Verifier rotated = Verifier.builder().ed25519(2, Keys.ed25519PublicFromRaw(PUB2)).build();
        assertEquals(Verifier.Result.UNKNOWN_KEY, verify(rotated, signedResponse(Signer.ed25519(1, Keys.ed25519PrivateFromSeed(SEED1)))));
    }

    @Test
    void unsupportedAlgorithmIsNamedBeforeTheKeyIsLookedUp() {
        Verifier v = Verifier.builder().hmacSha256(1, SECRET_A).build();
        for (int alg : new int[] {0, 3, 255}) {
            assertEquals(Verifier.Result.UNSUPPORTED_ALGORITHM, v.verify(alg, 1, new byte[1], 0, 1, new byte[32]));
        }
    }

    @Test
    void theEmptyVerifierKnowsNoKey() {
        assertSame(Verifier.none(), Verifier.builder().build());
        assertTrue(Verifier.none().isEmpty());
        assertEquals(0, Verifier.none().size());
        assertEquals(Verifier.Result.UNKNOWN_KEY, verify(Verifier.none(), signedResponse(Signer.hmacSha256(1, SECRET_A))));
    }

    @Test
    void aKeyIdIsTrustedOncePerAlgorithm() {
        Verifier.Builder b = Verifier.builder().hmacSha256(7, SECRET_A).ed25519(7, Keys.ed25519PublicFromRaw(PUB1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.hmacSha256(7, SECRET_B));
        assertEquals("keyId: 7 is already trusted for algorithm 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.ed25519(7, Keys.ed25519PublicFromRaw(PUB2)));
    }

    @Test
    void wrongSignatureLengthsAreInvalid() {
        Verifier v = Verifier.builder().ed25519(1, Keys.ed25519PublicFromRaw(PUB1)).hmacSha256(1, SECRET_A).build();
        byte[] data = {1, 2, 3};
        byte[] edSig = Signer.ed25519(1, Keys.ed25519PrivateFromSeed(SEED1)).sign(data, 0, 3);
        assertEquals(Verifier.Result.VALID, v.verify(1, 1, data, 0, 3, edSig));
        assertEquals(Verifier.Result.INVALID, v.verify(1, 1, data, 0, 3, Arrays.copyOf(edSig, 63)));
        assertEquals(Verifier.Result.INVALID, v.verify(1, 1, data, 0, 3, Arrays.copyOf(edSig, 65)));
        assertEquals(Verifier.Result.INVALID, v.verify(1, 1, data, 0, 3, new byte[0]));
        byte[] tag = Signer.hmacSha256(1, SECRET_A).sign(data, 0, 3);
        assertEquals(Verifier.Result.VALID, v.verify(2, 1, data, 0, 3, tag));
        assertEquals(Verifier.Result.INVALID, v.verify(2, 1, data, 0, 3, Arrays.copyOf(tag, 33)));
        assertEquals(Verifier.Result.INVALID, v.verify(2, 1, data, 0, 3, new byte[0]));
    }

    @Test
    void appendSignatureWritesTheBlockRightAfterTheMessage() {
        Signer s = Signer.hmacSha256(0x01020304, SECRET_A);
        assertEquals(2 + 7 + 32, s.blockLength());
        assertEquals(SignatureBlock.HMAC_SHA256, s.algorithm());
        assertEquals(0x01020304, s.keyId());
        byte[] buf = new byte[5 + 38 + s.blockLength() + 2];
        Arrays.fill(buf, (byte) 0x77);
        MessageCodec.encode(TimeResponse.of(Nonce.of(Tlvs.NONCE), 1, 2), buf, 5);
        assertEquals(38 + 41, s.appendSignature(buf, 5, 38));
        assertArrayEquals(HEX.parseHex("ff27020102030400" + "20"), Arrays.copyOfRange(buf, 5 + 38, 5 + 38 + 9));
        assertArrayEquals(s.sign(buf, 5, 38), Arrays.copyOfRange(buf, 5 + 38 + 9, 5 + 38 + 41));
        assertEquals(0x77, buf[4]);
        assertEquals(0x77, buf[buf.length - 1]);
        assertEquals(0x77, buf[buf.length - 2]);
    }

    @Test
    void appendSignatureRefusesWhenThereIsNoRoomAndWritesNothing() {
        Signer s = Signer.ed25519(1, Keys.ed25519PrivateFromSeed(SEED1));
        byte[] buf = new byte[38 + s.blockLength() - 1];
        MessageCodec.encode(TimeResponse.of(Nonce.of(Tlvs.NONCE), 1, 2), buf, 0);
        byte[] before = buf.clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.appendSignature(buf, 0, 38));
        assertTrue(e.getMessage().startsWith("msg: no room for a 73-byte Signature Block"), e.getMessage());
        assertArrayEquals(before, buf);
        // and the signer still works afterwards
        byte[] ok = new byte[38 + s.blockLength()];
        System.arraycopy(before, 0, ok, 0, 38);
        s.appendSignature(ok, 0, 38);
        assertEquals(Verifier.Result.VALID,
                Verifier.builder().ed25519(1, Keys.ed25519PublicFromRaw(PUB1)).build().verify(MessageCodec.decodeResponse(ok).signature(), ok, 0, 38));
    }

    @Test
    void signersRefuseTheWrongKindOfKey() throws Exception {
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
        assertThrows(IllegalArgumentException.class, () -> Signer.ed25519(1, ec.getPrivate()));
        assertThrows(IllegalArgumentException.class, () -> Verifier.builder().ed25519(1, ec.getPublic()));
        assertThrows(NullPointerException.class, () -> Signer.ed25519(1, null));
        assertThrows(IllegalArgumentException.class, () -> Signer.hmacSha256(1, null));
        assertThrows(IllegalArgumentException.class, () -> Keys.ed25519RawPublic(ec.getPublic()));
    }

    @Test
    void seedsAndRawPublicKeysMustBe32Bytes() {
        assertEquals("seed: 31 bytes (expected: 32 bytes)",
                assertThrows(IllegalArgumentException.class, () -> Keys.ed25519PrivateFromSeed(new byte[31])).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Keys.ed25519PrivateFromSeed(null));
        assertThrows(IllegalArgumentException.class, () -> Keys.ed25519PublicFromRaw(new byte[33]));
    }

    @Test
    void pemRoundTripsAndKeepsTheKey() {
        PrivateKey sk = Keys.ed25519PrivateFromSeed(SEED1);
        PublicKey pk = Keys.ed25519PublicFromRaw(PUB1);
        String skPem = Keys.toPem(sk);
        String pkPem = Keys.toPem(pk);
        assertTrue(skPem.startsWith("-----BEGIN PRIVATE KEY-----\n"), skPem);
        assertTrue(pkPem.startsWith("-----BEGIN PUBLIC KEY-----\n"), pkPem);
        // the PKCS#8 body is the fixed prefix plus the seed
        assertEquals("302e020100300506032b657004220420" + HEX.formatHex(SEED1),
                HEX.formatHex(Base64.getMimeDecoder().decode(skPem.replaceAll("-----[A-Z ]+-----", ""))));
        PrivateKey sk2 = Keys.ed25519PrivateFromPem("junk before\n" + skPem);
        PublicKey pk2 = Keys.ed25519PublicFromPem(pkPem);
        assertArrayEquals(PUB1, Keys.ed25519RawPublic(pk2));
        byte[] data = {42};
        byte[] sig = Signer.ed25519(9, sk2).sign(data, 0, 1);
        assertArrayEquals(Signer.ed25519(9, sk).sign(data, 0, 1), sig);
        assertEquals(Verifier.Result.VALID, Verifier.builder().ed25519(9, pk2).build().verify(1, 9, data, 0, 1, sig));
    }

    @Test
    void pemErrorsSayWhatWasFound() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Keys.ed25519PrivateFromPem(Keys.toPem(Keys.ed25519PublicFromRaw(PUB1))));
        assertTrue(e.getMessage().contains("no '-----BEGIN PRIVATE KEY-----' block"), e.getMessage());
        assertTrue(e.getMessage().contains("found -----BEGIN PUBLIC KEY-----"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Keys.ed25519PublicFromPem(null));
        assertThrows(IllegalArgumentException.class,
                () -> Keys.ed25519PublicFromPem("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n"));
        assertThrows(IllegalArgumentException.class,
                () -> Keys.ed25519PublicFromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
    }

    @Test
    void generatedKeyPairsSignAndVerify() {
        KeyPair kp = Keys.generateEd25519();
        assertEquals(32, Keys.ed25519RawPublic(kp.getPublic()).length);
        byte[] wire = signedResponse(Signer.ed25519(5, kp.getPrivate()));
        assertEquals(Verifier.Result.VALID, verify(Verifier.builder().ed25519(5, kp.getPublic()).build(), wire));
    }

    @Test
    void hmacSecretFilesMayBeHexBase64OrRaw() {
        byte[] secret = HEX.parseHex("000102030405060708090a0b0c0d0e0f1011");
        assertArrayEquals(secret, Keys.hmacSecretFromFile(" 000102030405060708090A0B0C0D0E0F1011\n".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(secret, Keys.hmacSecretFromFile(("base64: " + Base64.getEncoder().encodeToString(secret) + "\n")
                .getBytes(StandardCharsets.US_ASCII)));
        byte[] raw = "this is not hex, it is 32 bytes!".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(raw, Keys.hmacSecretFromFile(raw));
        byte[] binary = new byte[20];
        binary[0] = (byte) 0xFF;
        assertArrayEquals(binary, Keys.hmacSecretFromFile(binary));
        // 15 bytes of hex is too short
        assertThrows(IllegalArgumentException.class, () -> Keys.hmacSecretFromFile("000102030405060708090a0b0c0d0e".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void signerToStringNamesAlgorithmAndUnsignedKeyId() {
        assertEquals("Signer[HMAC-SHA256, keyId=4294967295]", Signer.hmacSha256(-1, SECRET_A).toString());
        assertEquals("Signer[Ed25519, keyId=7]", Signer.ed25519(7, Keys.ed25519PrivateFromSeed(SEED1)).toString());
        assertEquals(64, Signer.ed25519(7, Keys.ed25519PrivateFromSeed(SEED1)).signatureLength());
    }
}
