package dev.tsq.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tsq.wire.MessageCodec;
import dev.tsq.wire.Response;
import dev.tsq.wire.SignatureBlock;
import dev.tsq.wire.Tlvs;
import dev.tsq.wire.TlvType;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The stored signed vectors verify under their fixed keys, re-signing the unsigned part reproduces them
 * byte for byte (Ed25519 and HMAC are deterministic), and any change to a signed byte breaks them.
 */
class SignedVectorsTest {
    static final byte[] ED_SEED = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    static final byte[] ED_PUBLIC = HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    static final byte[] HMAC_SECRET = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            HMAC_SECRET[i] = (byte) i;
        }
    }

    private static final Verifier VERIFIER = Verifier.builder()
            .ed25519(1, Keys.ed25519PublicFromRaw(ED_PUBLIC))
            .hmacSha256(42, HMAC_SECRET)
            .build();

    /** The signed bytes end where the Signature Block starts. */
    private static int signedLength(byte[] wire) {
        Response r = MessageCodec.decodeResponse(wire);
        return wire.length - r.signature().tlvLength();
    }

    private static void checkVector(String name, Signer signer) {
        byte[] wire = Tlvs.vector(name);
        int signed = signedLength(wire);
        assertEquals(TlvType.SIGNATURE_BLOCK, wire[signed] & 0xFF);
        SignatureBlock block = MessageCodec.decodeResponse(wire).signature();
        assertEquals(Verifier.Result.VALID, VERIFIER.verify(block, wire, 0, signed), name);

        // re-sign the unsigned part: the same bytes come out
        byte[] again = Arrays.copyOf(wire, wire.length);
        Arrays.fill(again, signed, again.length, (byte) 0);
        assertEquals(wire.length, signer.appendSignature(again, 0, signed));
        assertArrayEquals(wire, again, name);
        assertEquals(signer.blockLength(), wire.length - signed);

        // the same, starting from the decoded value re-encoded without its signature
        Response unsigned = MessageCodec.decodeResponse(wire);
        byte[] buf = new byte[wire.length + 3];
        int n = MessageCodec.encode(unsigned instanceof dev.tsq.wire.TimeResponse t ? t.withSignature(null)
                : new dev.tsq.wire.ErrorResponse(((dev.tsq.wire.ErrorResponse) unsigned).error(), null), buf, 3);
        assertEquals(signed, n);
        assertEquals(wire.length, signer.appendSignature(buf, 3, n));
        assertArrayEquals(wire, Arrays.copyOfRange(buf, 3, buf.length), name);

        // every single-bit change of a signed byte is caught
        for (int i = 0; i < signed; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] t = wire.clone();
                t[i] ^= (byte) (1 << bit);
                assertEquals(Verifier.Result.INVALID, VERIFIER.verify(block, t, 0, signed), name + " byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void ed25519SignedResponseVerifiesAndIsReproduced() {
        checkVector("signed-response-ed25519.hex", Signer.ed25519(1, Keys.ed25519PrivateFromSeed(ED_SEED)));
    }

    @Test
    void hmacSignedResponseVerifiesAndIsReproduced() {
        checkVector("signed-response-hmac-sha256.hex", Signer.hmacSha256(42, HMAC_SECRET));
    }

    @Test
    void ed25519SignedErrorVerifiesAndIsReproduced() {
        checkVector("signed-error-ed25519.hex", Signer.ed25519(1, Keys.ed25519PrivateFromSeed(ED_SEED)));
    }

    @Test
    void theTwoVectorsSignTheSameBytes() {
        byte[] ed = Tlvs.vector("signed-response-ed25519.hex");
        byte[] hm = Tlvs.vector("signed-response-hmac-sha256.hex");
        int n = signedLength(ed);
        assertEquals(n, signedLength(hm));
        assertEquals(91, n, "the signed range the vectors' comments state (checked there with openssl and Python)");
        assertEquals(27, signedLength(Tlvs.vector("signed-error-ed25519.hex")));
        assertArrayEquals(Arrays.copyOf(ed, n), Arrays.copyOf(hm, n));
        // an HMAC block is not accepted under the Ed25519 key id and vice versa
        SignatureBlock hb = MessageCodec.decodeResponse(hm).signature();
        assertEquals(Verifier.Result.UNKNOWN_KEY,
                VERIFIER.verify(SignatureBlock.HMAC_SHA256, 1, hm, 0, n, hb.signature()));
    }
}
