package dev.tsq.auth;

import static dev.tsq.testing.PropertyRunner.forAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tsq.wire.ErrorResponse;
import dev.tsq.wire.MessageCodec;
import dev.tsq.wire.Response;
import dev.tsq.wire.SignatureBlock;
import dev.tsq.wire.TimeResponse;
import dev.tsq.wire.WireGen;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.InvalidAlgorithmParameterException;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Sign-then-verify properties for both algorithms, with several trusted keys (rotation by key id). */
class SignerVerifierProperties {

    /** A signing key and the verifier entry that trusts it. */
    record Key(int algorithm, int keyId, Signer signer, Object verifierKey) {
        Verifier.Builder trust(Verifier.Builder b) {
            return algorithm == SignatureBlock.ED25519 ? b.ed25519(keyId, ((KeyPair) verifierKey).getPublic())
                    : b.hmacSha256(keyId, (byte[]) verifierKey);
        }
    }

    /** A SecureRandom that hands out bytes from a seeded generator, so that key pairs are reproducible. */
    private static final class SeededRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final transient SplittableRandom r;

        SeededRandom(SplittableRandom r) {
            this.r = r;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            r.nextBytes(bytes);
        }
    }

    static Key key(SplittableRandom r, int algorithm, int keyId) {
        if (algorithm == SignatureBlock.HMAC_SHA256) {
            byte[] secret = WireGen.bytes(r, WireGen.between(r, 16, 80));
            return new Key(algorithm, keyId, Signer.hmacSha256(keyId, secret), secret);
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new SeededRandom(r));
            KeyPair kp = g.generateKeyPair();
            return new Key(algorithm, keyId, Signer.ed25519(keyId, kp.getPrivate()), kp);
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new AssertionError(e);
        }
    }

    static Key key(SplittableRandom r) {
        return key(r, r.nextBoolean() ? SignatureBlock.ED25519 : SignatureBlock.HMAC_SHA256, r.nextInt());
    }

    @Test
    void signThenVerifyIsValidAndAnySingleBitFlipIsInvalid() {
        forAll("sign/verify and bit flips", 0xA117_0001L, 400, r -> {
            Key k = key(r);
            Verifier v = k.trust(Verifier.builder()).build();
            int off = WireGen.between(r, 0, 7);
            int len = WireGen.size(r, 300);
            byte[] buf = WireGen.bytes(r, off + len + WireGen.between(r, 0, 7));
            byte[] sig = k.signer().sign(buf, off, len);
            assertEquals(k.signer().signatureLength(), sig.length);
            assertEquals(Verifier.Result.VALID, v.verify(k.algorithm(), k.keyId(), buf, off, len, sig));
            // bytes outside the signed range do not matter
            if (off > 0) {
                buf[off - 1] ^= 1;
                assertEquals(Verifier.Result.VALID, v.verify(k.algorithm(), k.keyId(), buf, off, len, sig));
            }
            if (len > 0) {
                int bit = r.nextInt(len * 8);
                buf[off + bit / 8] ^= (byte) (1 << (bit % 8));
                assertEquals(Verifier.Result.INVALID, v.verify(k.algorithm(), k.keyId(), buf, off, len, sig), "data bit " + bit);
                buf[off + bit / 8] ^= (byte) (1 << (bit % 8));
            }
            int sbit = r.nextInt(sig.length * 8);
            sig[sbit / 8] ^= (byte) (1 << (sbit % 8));
            assertEquals(Verifier.Result.INVALID, v.verify(k.algorithm(), k.keyId(), buf, off, len, sig), "signature bit " + sbit);
        });
    }

    @Test
    void anUntrustedKeyIdIsUnknown() {
        forAll("unknown key id", 0xA117_0002L, 300, r -> {
            Key k = key(r);
            Verifier v = k.trust(Verifier.builder()).build();
            byte[] data = WireGen.bytes(r, WireGen.size(r, 64));
            byte[] sig = k.signer().sign(data, 0, data.length);
            int other = k.keyId() + 1 + r.nextInt(Integer.MAX_VALUE);
            assertEquals(Verifier.Result.UNKNOWN_KEY, v.verify(k.algorithm(), other, data, 0, data.length, sig));
            int otherAlgorithm = k.algorithm() == SignatureBlock.ED25519 ? SignatureBlock.HMAC_SHA256 : SignatureBlock.ED25519;
            assertEquals(Verifier.Result.UNKNOWN_KEY, v.verify(otherAlgorithm, k.keyId(), data, 0, data.length, sig));
        });
    }

    @Test
    void severalTrustedKeysEachVerifyTheirOwnSignaturesByKeyId() {
        forAll("rotation", 0xA117_0003L, 60, r -> {
            Set<Integer> ids = new LinkedHashSet<>();
            int n = WireGen.between(r, 2, 6);
            while (ids.size() < n) {
                ids.add(r.nextInt(8)); // small ids, so that both algorithms often share one
            }
            List<Key> keys = new ArrayList<>();
            Verifier.Builder b = Verifier.builder();
            for (int id : ids) {
                Key k = key(r, r.nextBoolean() ? SignatureBlock.ED25519 : SignatureBlock.HMAC_SHA256, id);
                keys.add(k);
                k.trust(b);
            }
            Verifier v = b.build();
            assertEquals(n, v.size());
            byte[] data = WireGen.bytes(r, WireGen.size(r, 100));
            for (Key signer : keys) {
                byte[] sig = signer.signer().sign(data, 0, data.length);
                for (Key claimed : keys) {
                    Verifier.Result expected = claimed == signer ? Verifier.Result.VALID
                            : claimed.algorithm() == signer.algorithm() ? Verifier.Result.INVALID
                            : null;
                    if (expected != null) {
                        assertEquals(expected, v.verify(signer.algorithm(), claimed.keyId(), data, 0, data.length, sig),
                                "signed by " + signer.keyId() + ", claimed " + claimed.keyId());
                    }
                }
            }
        });
    }

    @Test
    void signedResponsesDecodeAndVerify() {
        forAll("sign a generated response, decode, verify", 0xA117_0004L, 300, r -> {
            Key k = key(r);
            Verifier v = k.trust(Verifier.builder()).build();
            Response unsigned = r.nextInt(4) == 0 ? new ErrorResponse(WireGen.errorResponse(r).error(), null)
                    : WireGen.timeResponse(r).withSignature(null);
            int len = unsigned.encodedLength();
            byte[] wire = new byte[len + k.signer().blockLength()];
            MessageCodec.encode(unsigned, wire, 0);
            assertEquals(wire.length, k.signer().appendSignature(wire, 0, len));
            Response decoded = MessageCodec.decodeResponse(wire);
            SignatureBlock block = decoded.signature();
            assertEquals(k.algorithm(), block.algorithm());
            assertEquals(k.keyId(), block.keyId());
            assertEquals(Verifier.Result.VALID, v.verify(block, wire, 0, wire.length - block.tlvLength()));
            Response stripped = decoded instanceof TimeResponse t ? t.withSignature(null)
                    : new ErrorResponse(((ErrorResponse) decoded).error(), null);
            assertEquals(unsigned, stripped);
        });
    }
}
