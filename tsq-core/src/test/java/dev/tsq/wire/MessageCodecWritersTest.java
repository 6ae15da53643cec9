package dev.tsq.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The codec's low-level writers, which ServerExchange and Signer build responses from, produce exactly the bytes
 * {@link MessageCodec#encode(Response)} produces for the same message.
 */
class MessageCodecWritersTest {
    private static final Nonce NONCE = Nonce.of(Tlvs.NONCE);

    @Test
    void piecesWrittenOneByOneEqualTheWholeEncoding() {
        ClockQuality cq = new ClockQuality(6, 120, 40, "gps");
        TimeSourceInfo tsi = new TimeSourceInfo(1, 2, "pps");
        Metadata md = Metadata.of("site", "lab");
        byte[] sig = new byte[32];
        Arrays.fill(sig, (byte) 7);
        TimeResponse whole = new TimeResponse(NONCE, 0x1111L, 0x2222L, true, cq, tsi, md, List.of(), 6,
                new SignatureBlock(SignatureBlock.HMAC_SHA256, 0xA1B2C3D4, sig));
        byte[] expected = MessageCodec.encode(whole);

        byte[] nonceSrc = new byte[20];
        NONCE.write(nonceSrc, 4);
        byte[] out = new byte[expected.length];
        int p = MessageCodec.writeNonce(out, 0, nonceSrc, 4);
        p = MessageCodec.writeTimestamp(out, p, TlvType.RECEIVE_TIMESTAMP, 0x1111L);
        p = MessageCodec.writeTimestamp(out, p, TlvType.SEND_TIMESTAMP, 0x2222L);
        assertEquals(MessageCodec.TIME_RESPONSE_MIN_BYTES, p);
        p = MessageCodec.writeFlag(out, p, TlvType.PRECISION_MODE);
        byte[] optional = MessageCodec.encodeOptional(cq, tsi, null);
        System.arraycopy(optional, 0, out, p, optional.length);
        p += optional.length;
        byte[] metadata = MessageCodec.encodeOptional(null, null, md);
        System.arraycopy(metadata, 0, out, p, metadata.length);
        p += metadata.length;
        p = MessageCodec.writePadding(out, p, 6);
        int v = MessageCodec.writeSignatureHeader(out, p, SignatureBlock.HMAC_SHA256, 0xA1B2C3D4, 32);
        assertEquals(p + 9, v);
        System.arraycopy(sig, 0, out, v, 32);
        assertArrayEquals(expected, out);
    }

    @Test
    void encodeOptionalOfNothingIsEmpty() {
        assertEquals(0, MessageCodec.encodeOptional(null, null, null).length);
    }

    @Test
    void writeFlagRefusesTypesThatCarryAValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MessageCodec.writeFlag(new byte[2], 0, TlvType.NONCE));
        assertEquals("type: " + TlvType.NONCE + " (expected: " + TlvType.METADATA_QUERY + ", " + TlvType.PRECISION_MODE
                + " or " + TlvType.SIGNATURE_REQUEST + ")", e.getMessage());
    }

    @Test
    void writeSignatureHeaderRefusesASignatureTheTlvCannotHold() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MessageCodec.writeSignatureHeader(new byte[300], 0, 1, 1, SignatureBlock.MAX_SIGNATURE_BYTES + 1));
        assertEquals("signatureLength: 249 (expected: 0-248)", e.getMessage());
    }
}
