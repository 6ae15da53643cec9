package dev.tsq.wire;

import static dev.tsq.wire.Tlvs.bytes;
import static dev.tsq.wire.Tlvs.concat;
import static dev.tsq.wire.Tlvs.metadataValue;
import static dev.tsq.wire.Tlvs.minimalResponse;
import static dev.tsq.wire.Tlvs.nonceTlv;
import static dev.tsq.wire.Tlvs.signatureTlv;
import static dev.tsq.wire.Tlvs.t2;
import static dev.tsq.wire.Tlvs.t3;
import static dev.tsq.wire.Tlvs.tlv;
import static dev.tsq.wire.Tlvs.tlvFilled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.wire.WireFormatException.Reason;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the codec accepts and how it encodes: everything that is not a rejection. */
class MessageCodecTest {
    private static final byte[] N = nonceTlv();
    private static final byte[] R = minimalResponse();
    private static final Nonce NONCE = Nonce.of(Tlvs.NONCE);

    @Test
    void unknownTlvsInARequestAreSkippedAndKeptInOrder() {
        byte[] m = concat(N, tlv(4, 1, 2, 3), tlv(TlvType.PRECISION_MODE), tlv(246), tlv(100, 9), tlv(254, 0, 0));
        TimeRequest r = MessageCodec.decodeRequest(m);
        assertTrue(r.precisionMode());
        assertEquals(List.of(new UnknownTlv(4, bytes(1, 2, 3)), new UnknownTlv(246, new byte[0]), new UnknownTlv(100, bytes(9))),
                r.unknown());
        assertEquals(4, r.paddingBytes());
        MessageCodec.validate(m, 0, m.length, false);
    }

    @Test
    void unknownTlvsInAResponseAreSkippedAndKept() {
        byte[] m = concat(R, tlv(17, 0xAA), tlvFilled(200, 255, 0x55), tlv(TlvType.PADDING));
        TimeResponse r = (TimeResponse) MessageCodec.decodeResponse(m);
        assertEquals(2, r.unknown().size());
        assertEquals(17, r.unknown().get(0).type());
        assertArrayEquals(bytes(0xAA), r.unknown().get(0).value());
        assertEquals(255, r.unknown().get(1).length());
        assertEquals(Tlvs.T2, r.receiveTimestamp());
        assertEquals(Tlvs.T3, r.sendTimestamp());
        // re-encoded in canonical order, the bytes are the same here (the order already was canonical)
        assertArrayEquals(m, MessageCodec.encode(r));
    }

    @Test
    void severalPaddingTlvsAddUp() {
        byte[] m = concat(N, tlv(254), tlv(254, 0, 0, 0), tlv(254));
        TimeRequest r = MessageCodec.decodeRequest(m);
        assertEquals(2 + 5 + 2, r.paddingBytes());
        byte[] again = MessageCodec.encode(r);
        assertEquals(m.length, again.length);
        assertEquals(r, MessageCodec.decodeRequest(again));
        // the encoder writes one TLV for a total of 9
        assertArrayEquals(concat(N, tlv(254, new byte[7])), again);
    }

    @Test
    void paddingDirectlyBeforeTheSignatureIsAccepted() {
        byte[] m = concat(R, tlv(254, 0, 0), tlv(254), signatureTlv(SignatureBlock.HMAC_SHA256, 9, 32, new byte[32]));
        TimeResponse r = (TimeResponse) MessageCodec.decodeResponse(m);
        assertEquals(6, r.paddingBytes());
        assertEquals(new SignatureBlock(2, 9, new byte[32]), r.signature());
    }

    @Test
    void anErrorResponseWithASignatureBlockIsAccepted() {
        byte[] err = tlv(TlvType.ERROR, concat(bytes(3, 0), Tlvs.utf8("auth required")));
        byte[] sig = signatureTlv(SignatureBlock.ED25519, 0xFFFFFFFF, 64, new byte[64]);
        Response r = MessageCodec.decodeResponse(concat(err, sig));
        ErrorResponse e = assertInstanceOf(ErrorResponse.class, r);
        assertEquals(new ErrorTlv(ErrorTlv.AUTHENTICATION_REQUIRED, "auth required"), e.error());
        assertEquals(-1, e.signature().keyId());
        assertEquals("authentication required", e.error().codeName());
        assertArrayEquals(concat(err, sig), MessageCodec.encode(r));
    }

    @Test
    void theSmallestErrorResponseHasAnEmptyReason() {
        ErrorResponse e = (ErrorResponse) MessageCodec.decodeResponse(tlv(TlvType.ERROR, 0x81, 0));
        assertEquals(ErrorResponse.of(ErrorTlv.REQUEST_TOO_LARGE, ""), e);
        assertNull(e.signature());
        assertEquals(4, e.encodedLength());
    }

    @Test
    void timestampsMayComeInEitherOrder() {
        TimeResponse r = (TimeResponse) MessageCodec.decodeResponse(concat(N, t3(), t2()));
        assertEquals(Tlvs.T2, r.receiveTimestamp());
        assertEquals(Tlvs.T3, r.sendTimestamp());
    }

    @Test
    void metadataMayRepeatAKeyAndMayBeEmpty() {
        TimeRequest r = MessageCodec.decodeRequest(concat(N, tlv(253, metadataValue("a", "1", "a", "0", "b", ""))));
        assertEquals(List.of(new Metadata.Entry("a", "1"), new Metadata.Entry("a", "0"), new Metadata.Entry("b", "")),
                r.metadata().entries());
        assertEquals("1", r.metadata().get("a").orElseThrow());
        TimeRequest empty = MessageCodec.decodeRequest(concat(N, tlv(253)));
        assertEquals(List.of(), empty.metadata().entries());
        assertArrayEquals(concat(N, tlv(253)), MessageCodec.encode(empty));
    }

    @Test
    void metadataOrderIsByUnsignedUtf8Bytes() {
        // 'z' (7a) sorts before 'é' (c3 a9) unsigned; a signed comparison would put 'é' first
        TimeRequest r = MessageCodec.decodeRequest(concat(N, tlv(253, metadataValue("z", "2", "\u00e9", "1"))));
        assertEquals("z", r.metadata().entries().get(0).key());
        Metadata built = Metadata.of("\u00e9", "1", "z", "2");
        assertEquals(r.metadata(), built);
    }

    @Test
    void precisionModeIsAcceptedInBothDirections() {
        assertTrue(MessageCodec.decodeRequest(concat(N, tlv(250))).precisionMode());
        assertTrue(((TimeResponse) MessageCodec.decodeResponse(concat(R, tlv(250)))).precisionAck());
    }

    @Test
    void theDecoderLeavesSignatureSemanticsToTheVerifier() {
        // unknown algorithm 9, and an empty signature: structurally fine
        TimeResponse r = (TimeResponse) MessageCodec.decodeResponse(concat(R, signatureTlv(9, 1, 0, new byte[0])));
        assertEquals(9, r.signature().algorithm());
        assertEquals(0, r.signature().signatureLength());
        SignatureBlock longest = new SignatureBlock(1, 1, new byte[SignatureBlock.MAX_SIGNATURE_BYTES]);
        TimeResponse big = TimeResponse.of(NONCE, 1, 2).withSignature(longest);
        assertEquals(big, MessageCodec.decodeResponse(MessageCodec.encode(big)));
        assertEquals(38 + 2 + 255, big.encodedLength());
    }

    @Test
    void requestFlagsAreWrittenInCanonicalOrder() {
        TimeRequest r = TimeRequest.builder(NONCE).signatureRequest(true).precisionMode(true).metadataQuery(true)
                .metadata(Metadata.of("k", "v")).unknown(List.of(new UnknownTlv(5, bytes(1)))).paddingBytes(3).build();
        byte[] expected = concat(N, tlv(247), tlv(250), tlv(252), tlv(253, metadataValue("k", "v")), tlv(5, 1), tlv(254, 0));
        assertArrayEquals(expected, MessageCodec.encode(r));
        assertEquals(expected.length, r.encodedLength());
        assertEquals(r, MessageCodec.decodeRequest(expected));
    }

    @Test
    void responseTlvsAreWrittenInCanonicalOrder() {
        TimeResponse r = new TimeResponse(NONCE, Tlvs.T2, Tlvs.T3, true, new ClockQuality(1, 500, 50, "gpsdo"),
                new TimeSourceInfo(1, TimeSourceInfo.GPS, "x"), Metadata.of("site", "us-east"),
                List.of(new UnknownTlv(4, new byte[0])), 2, new SignatureBlock(2, 258, bytes(1, 2)));
        byte[] expected = concat(R, tlv(250), tlv(248, concat(bytes(1, 0, 0x01, 0xF4, 0, 50), Tlvs.utf8("gpsdo"))),
                tlv(251, 1, 1, 'x'), tlv(253, metadataValue("site", "us-east")), tlv(4), tlv(254),
                signatureTlv(2, 258, 2, bytes(1, 2)));
        assertArrayEquals(expected, MessageCodec.encode(r));
        assertEquals(r, MessageCodec.decodeResponse(expected));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 256, 257, 258, 259, 260, 514, 515, 516, 1000, 65_535})
    void paddingOfAnyAllowedTotalEncodesAsZeroTlvsThatAddUp(int padding) {
        TimeRequest r = TimeRequest.of(NONCE).withPadding(padding);
        byte[] m = MessageCodec.encode(r);
        assertEquals(18 + padding, m.length);
        int p = 18;
        while (p < m.length) {
            assertEquals(TlvType.PADDING, m[p] & 0xFF);
            int l = m[p + 1] & 0xFF;
            for (int i = 0; i < l; i++) {
                assertEquals(0, m[p + 2 + i]);
            }
            p += 2 + l;
        }
        assertEquals(m.length, p);
        assertEquals(r, MessageCodec.decodeRequest(m));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1, 65_536, Integer.MAX_VALUE})
    void impossiblePaddingTotalsAreRefused(int padding) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeRequest.of(NONCE).withPadding(padding));
        assertEquals("paddingBytes: " + padding + " (expected: 0 or 2-65535)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimeResponse.of(NONCE, 0, 0).withPadding(padding));
        assertThrows(IllegalArgumentException.class, () -> TimeRequest.builder(NONCE).paddingBytes(padding));
    }

    @Test
    void encodingIntoATooSmallBufferThrowsAndWritesNothing() {
        TimeRequest req = TimeRequest.builder(NONCE).precisionMode(true).paddingBytes(40).build();
        TimeResponse resp = TimeResponse.of(NONCE, Tlvs.T2, Tlvs.T3).withPadding(9);
        ErrorResponse err = ErrorResponse.of(1, "malformed");
        for (int slack = 1; slack <= 3; slack++) {
            byte[] a = filled(req.encodedLength() - slack + 10);
            WireFormatException e = assertThrows(WireFormatException.class, () -> MessageCodec.encode(req, a, 10));
            assertEquals(Reason.BUFFER_TOO_SMALL, e.reason());
            assertUntouched(a);
            byte[] b = filled(resp.encodedLength() - slack);
            assertEquals(Reason.BUFFER_TOO_SMALL, assertThrows(WireFormatException.class, () -> MessageCodec.encode(resp, b, 0)).reason());
            assertUntouched(b);
            byte[] c = filled(err.encodedLength() + 5);
            int at = 5 + slack;
            assertEquals(Reason.BUFFER_TOO_SMALL, assertThrows(WireFormatException.class, () -> MessageCodec.encode(err, c, at)).reason());
            assertUntouched(c);
        }
        byte[] d = filled(100);
        assertEquals(Reason.BUFFER_TOO_SMALL, assertThrows(WireFormatException.class, () -> MessageCodec.encode(req, d, -1)).reason());
        assertEquals(Reason.BUFFER_TOO_SMALL, assertThrows(WireFormatException.class, () -> MessageCodec.encode(resp, d, 101)).reason());
        assertUntouched(d);
        assertEquals(Reason.BUFFER_TOO_SMALL, assertThrows(WireFormatException.class, () -> MessageCodec.encode(req, null, 0)).reason());
    }

    @Test
    void encodingIntoAnExactFitReturnsTheLength() {
        TimeResponse resp = TimeResponse.of(NONCE, Tlvs.T2, Tlvs.T3);
        byte[] a = filled(38 + 4);
        assertEquals(38, MessageCodec.encode(resp, a, 4));
        assertArrayEquals(R, Arrays.copyOfRange(a, 4, 42));
        assertEquals((byte) 0xA5, a[3]);
    }

    @Test
    void decodeRejectsAnImpossibleRangeAsAnArgumentError() {
        byte[] m = R.clone();
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.decodeResponse(m, 1, m.length));
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.decodeRequest(m, -1, 5));
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.validate(m, 0, -1, true));
        assertThrows(IllegalArgumentException.class, () -> MessageCodec.validate(null, 0, 0, true));
    }

    @Test
    void decodingAtAnOffsetReadsOnlyTheGivenRange() {
        byte[] big = concat(bytes(0xFF, 0xFF, 0xFF), R, tlv(250), bytes(0, 0));
        TimeResponse r = (TimeResponse) MessageCodec.decodeResponse(big, 3, R.length + 2);
        assertTrue(r.precisionAck());
        assertEquals(NONCE, r.nonce());
        assertEquals(Reason.RESERVED_TYPE_ZERO,
                assertThrows(WireFormatException.class, () -> MessageCodec.decodeResponse(big, 3, R.length + 4)).reason());
    }

    @Test
    void isWholeMessageTellsCompleteTlvSequencesFromPartialReads() {
        assertTrue(MessageCodec.isWholeMessage(R, 0, R.length));
        assertTrue(MessageCodec.isWholeMessage(R, 18, 20));
        for (int len = 1; len < R.length; len++) {
            boolean boundary = len == 18 || len == 28;
            assertEquals(boundary, MessageCodec.isWholeMessage(R, 0, len), "len " + len);
        }
        assertFalse(MessageCodec.isWholeMessage(R, 0, 0));
        assertFalse(MessageCodec.isWholeMessage(bytes(1), 0, 1));
    }

    @Test
    void peekFindsTheNonceOfAWellFormedPrefixOnly() {
        assertEquals(NONCE, Nonce.peek(R, 0, R.length));
        assertEquals(NONCE, Nonce.peek(N, 0, 18));
        assertNull(Nonce.peek(N, 0, 17));
        assertNull(Nonce.peek(N, 1, 18));
        assertNull(Nonce.peek(null, 0, 18));
        assertNull(Nonce.peek(concat(bytes(1, 15), new byte[16]), 0, 18));
        assertNull(Nonce.peek(concat(bytes(2, 16), new byte[16]), 0, 18));
        byte[] shifted = concat(bytes(9), N);
        assertEquals(NONCE, Nonce.peek(shifted, 1, 18));
        assertNull(Nonce.peek(shifted, -1, 18));
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 0xA5);
        return b;
    }

    private static void assertUntouched(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            assertEquals((byte) 0xA5, b[i], "byte " + i + " was written");
        }
    }
}
