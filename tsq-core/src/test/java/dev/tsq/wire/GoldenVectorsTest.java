package dev.tsq.wire;

import static dev.tsq.wire.Tlvs.vector;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.time.NtpTimestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact vectors from the draft and the reference implementation, stored under
 * {@code src/test/resources/vectors/}: each decodes to known values and re-encodes byte-identically.
 * (The signatures of the signed vectors are checked in {@code dev.tsq.auth.SignedVectorsTest}.)
 */
class GoldenVectorsTest {

    @Test
    void draftMetadataExampleIsTheMetadataValueOfSiteUsEast() {
        byte[] value = vector("draft-metadata-example.hex");
        assertArrayEquals(Tlvs.hex("04 73 69 74 65 07 75 73 2d 65 61 73 74"), value);
        Metadata md = Metadata.of("site", "us-east");
        assertEquals(value.length, md.valueLength());

        TimeRequest request = TimeRequest.builder(Nonce.of(Tlvs.NONCE)).metadata(md).build();
        byte[] wire = MessageCodec.encode(request);
        assertArrayEquals(Tlvs.concat(Tlvs.nonceTlv(), new byte[] {(byte) 253, 13}, value), wire);
        assertEquals(request, MessageCodec.decodeRequest(wire));
        assertEquals("us-east", MessageCodec.decodeRequest(wire).metadata().get("site").orElseThrow());

        TimeResponse response = new TimeResponse(Nonce.of(Tlvs.NONCE), Tlvs.T2, Tlvs.T3, false, null, null, md, List.of(), 0, null);
        byte[] rwire = MessageCodec.encode(response);
        assertArrayEquals(Tlvs.concat(Tlvs.minimalResponse(), new byte[] {(byte) 253, 13}, value), rwire);
        assertEquals(response, MessageCodec.decodeResponse(rwire));
    }

    @Test
    void referenceRequestDecodesAndReencodesByteIdentically() {
        byte[] wire = vector("reference-request.hex");
        assertEquals(18, wire.length);
        TimeRequest r = MessageCodec.decodeRequest(wire);
        assertEquals(new Nonce(0x0102030405060708L, 0x090a0b0c0d0e0f10L), r.nonce());
        assertEquals(TimeRequest.of(r.nonce()), r);
        assertFalse(r.precisionMode() || r.signatureRequest() || r.metadataQuery());
        assertNull(r.metadata());
        assertEquals(0, r.paddingBytes());
        assertArrayEquals(wire, MessageCodec.encode(r));
        assertEquals(18, r.encodedLength());
    }

    @Test
    void referenceResponseDecodesToKnownInstantsAndReencodesByteIdentically() {
        byte[] wire = vector("reference-response.hex");
        assertEquals(38, wire.length, "2+16 + 2+8 + 2+8");
        TimeResponse r = assertInstanceOf(TimeResponse.class, MessageCodec.decodeResponse(wire));
        assertEquals(new Nonce(0x0102030405060708L, 0x090a0b0c0d0e0f10L), r.nonce());
        assertEquals(0xECB6D634_80000000L, r.receiveTimestamp());
        assertEquals(0xECB6D634_80418937L, r.sendTimestamp());
        assertEquals(Instant.parse("2025-11-06T08:09:24.500Z"), new NtpTimestamp(r.receiveTimestamp()).toInstant());
        assertEquals(Instant.parse("2025-11-06T08:09:24.501Z"), new NtpTimestamp(r.sendTimestamp()).toInstant());
        long t1 = Instant.parse("2025-11-06T08:09:24.400Z").toEpochMilli() * 1_000_000L;
        assertEquals(1_762_416_564_500_000_000L, r.receiveEpochNanos(t1));
        assertEquals(1_000_000L, r.sendEpochNanos(t1) - r.receiveEpochNanos(t1));
        assertEquals(TimeResponse.of(r.nonce(), r.receiveTimestamp(), r.sendTimestamp()), r);
        assertArrayEquals(wire, MessageCodec.encode(r));
        assertEquals(38, r.encodedLength());
        // and the bits come back from the instants
        assertEquals(r.receiveTimestamp(), NtpTimestamp.of(Instant.parse("2025-11-06T08:09:24.500Z")).bits());
        assertEquals(r.sendTimestamp(), NtpTimestamp.of(Instant.parse("2025-11-06T08:09:24.501Z")).bits());
    }

    @Test
    void referenceResponseIsTheAnswerToTheReferenceRequest() {
        TimeRequest q = MessageCodec.decodeRequest(vector("reference-request.hex"));
        TimeResponse a = (TimeResponse) MessageCodec.decodeResponse(vector("reference-response.hex"));
        assertEquals(q.nonce(), a.nonce());
        assertEquals(q.nonce(), Nonce.peek(vector("reference-response.hex"), 0, 38));
    }

    @Test
    void signedResponseVectorsDecodeToTheExpectedValuesAndReencodeByteIdentically() {
        TimeResponse unsigned = new TimeResponse(Nonce.of(Tlvs.NONCE), Tlvs.T2, Tlvs.T3, true,
                new ClockQuality(ClockQuality.GNSS, 500, 50, "gpsdo"), new TimeSourceInfo(1, TimeSourceInfo.GPS, "ntp.example.com"),
                Metadata.of("site", "us-east"), List.of(), 4, null);
        for (String name : List.of("signed-response-ed25519.hex", "signed-response-hmac-sha256.hex")) {
            byte[] wire = vector(name);
            TimeResponse r = assertInstanceOf(TimeResponse.class, MessageCodec.decodeResponse(wire));
            assertEquals(unsigned, r.withSignature(null), name);
            assertTrue(r.signature() != null, name);
            assertEquals(wire.length - r.signature().tlvLength(), unsigned.encodedLength(), name);
            assertArrayEquals(wire, MessageCodec.encode(r), name);
        }
        TimeResponse ed = (TimeResponse) MessageCodec.decodeResponse(vector("signed-response-ed25519.hex"));
        assertEquals(SignatureBlock.ED25519, ed.signature().algorithm());
        assertEquals(1, ed.signature().keyId());
        assertEquals(64, ed.signature().signatureLength());
        TimeResponse hm = (TimeResponse) MessageCodec.decodeResponse(vector("signed-response-hmac-sha256.hex"));
        assertEquals(SignatureBlock.HMAC_SHA256, hm.signature().algorithm());
        assertEquals(42, hm.signature().keyId());
        assertEquals(32, hm.signature().signatureLength());
    }

    @Test
    void signedErrorVectorDecodesAndReencodesByteIdentically() {
        byte[] wire = vector("signed-error-ed25519.hex");
        ErrorResponse e = assertInstanceOf(ErrorResponse.class, MessageCodec.decodeResponse(wire));
        assertEquals(new ErrorTlv(ErrorTlv.AUTHENTICATION_REQUIRED, "authentication required"), e.error());
        assertEquals(1, e.signature().keyId());
        assertArrayEquals(wire, MessageCodec.encode(e));
    }
}
