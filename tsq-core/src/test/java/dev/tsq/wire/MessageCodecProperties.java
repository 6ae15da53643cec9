package dev.tsq.wire;

import static dev.tsq.testing.PropertyRunner.forAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.wire.WireFormatException.Reason;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Properties of the codec over generated messages (see {@link WireGen}, {@link dev.tsq.testing.PropertyRunner}). */
class MessageCodecProperties {

    @Test
    void requestsRoundTrip() {
        forAll("decode(encode(request)) == request", 0x5EED_0001L, 3000, r -> {
            TimeRequest m = WireGen.request(r);
            byte[] wire = MessageCodec.encode(m);
            assertEquals(m.encodedLength(), wire.length);
            TimeRequest back = MessageCodec.decodeRequest(wire);
            assertEquals(m, back);
            assertArrayEquals(wire, MessageCodec.encode(back), "canonical encoding is a fixed point");
            MessageCodec.validate(wire, 0, wire.length, false);
        });
    }

    @Test
    void responsesRoundTrip() {
        forAll("decode(encode(response)) == response", 0x5EED_0002L, 3000, r -> {
            Response m = WireGen.response(r);
            byte[] wire = MessageCodec.encode(m);
            assertEquals(m.encodedLength(), wire.length);
            Response back = MessageCodec.decodeResponse(wire);
            assertEquals(m, back);
            assertArrayEquals(wire, MessageCodec.encode(back));
            MessageCodec.validate(wire, 0, wire.length, true);
        });
    }

    @Test
    void everyOptionalFieldIsExercised() {
        // the generators are only useful if they produce each feature; count them over the same tries
        int[] seen = new int[12];
        forAll("coverage", 0x5EED_0002L, 3000, r -> {
            Response m = WireGen.response(r);
            if (m instanceof ErrorResponse e) {
                seen[0]++;
                seen[1] += e.signature() != null ? 1 : 0;
                return;
            }
            TimeResponse t = (TimeResponse) m;
            seen[2] += t.precisionAck() ? 1 : 0;
            seen[3] += t.clockQuality() != null ? 1 : 0;
            seen[4] += t.timeSourceInfo() != null ? 1 : 0;
            seen[5] += t.metadata() != null && t.metadata().entries().size() > 1 ? 1 : 0;
            seen[6] += t.unknown().size() > 1 ? 1 : 0;
            seen[7] += t.paddingBytes() > 257 ? 1 : 0;
            seen[8] += t.signature() != null ? 1 : 0;
            seen[9] += t.metadata() != null && t.metadata().entries().stream().anyMatch(e -> e.key().codePoints().anyMatch(c -> c > 0xFFFF)) ? 1 : 0;
            seen[10] += t.metadata() != null && t.metadata().valueLength() > 200 ? 1 : 0;
            seen[11] += t.unknown().stream().anyMatch(u -> u.type() == 4 || u.type() == 246) ? 1 : 0;
        });
        for (int i = 0; i < seen.length; i++) {
            assertTrue(seen[i] >= 10, "feature " + i + " generated only " + seen[i] + " times: " + Arrays.toString(seen));
        }
    }

    @Test
    void encodingAtAnOffsetWritesExactlyEncodedLengthBytesAndNothingOutside() {
        forAll("encode at an offset", 0x5EED_0003L, 2000, r -> {
            boolean isRequest = r.nextBoolean();
            TimeRequest q = isRequest ? WireGen.request(r) : null;
            Response s = isRequest ? null : WireGen.response(r);
            int len = isRequest ? q.encodedLength() : s.encodedLength();
            int before = WireGen.between(r, 0, 40);
            int after = WireGen.between(r, 0, 40);
            byte[] buf = WireGen.bytes(r, before + len + after);
            byte[] original = buf.clone();
            int n = isRequest ? MessageCodec.encode(q, buf, before) : MessageCodec.encode(s, buf, before);
            assertEquals(len, n);
            assertArrayEquals(Arrays.copyOfRange(original, 0, before), Arrays.copyOfRange(buf, 0, before), "bytes before");
            assertArrayEquals(Arrays.copyOfRange(original, before + len, buf.length), Arrays.copyOfRange(buf, before + len, buf.length),
                    "bytes after");
            byte[] alone = isRequest ? MessageCodec.encode(q) : MessageCodec.encode(s);
            assertArrayEquals(alone, Arrays.copyOfRange(buf, before, before + len));
            // decoding in place gives the value back
            Object back = isRequest ? MessageCodec.decodeRequest(buf, before, len) : MessageCodec.decodeResponse(buf, before, len);
            assertEquals(isRequest ? q : s, back);
            // one byte less of room: refused, and nothing written
            byte[] small = original.clone();
            byte[] smallCopy = Arrays.copyOf(small, before + len - 1);
            byte[] smallCopyBefore = smallCopy.clone();
            WireFormatException e = assertThrows(WireFormatException.class,
                    () -> {
                        if (isRequest) {
                            MessageCodec.encode(q, smallCopy, before);
                        } else {
                            MessageCodec.encode(s, smallCopy, before);
                        }
                    });
            assertEquals(Reason.BUFFER_TOO_SMALL, e.reason());
            assertArrayEquals(smallCopyBefore, smallCopy);
        });
    }

    @Test
    void aCutOffMessageIsRejectedAsTruncatedUnlessTheCutFallsBetweenTlvs() {
        Set<Reason> cut = EnumSet.of(Reason.TRUNCATED_HEADER, Reason.TLV_OVERRUN);
        forAll("prefixes of valid messages", 0x5EED_0004L, 1500, r -> {
            boolean isRequest = r.nextBoolean();
            byte[] wire = isRequest ? MessageCodec.encode(WireGen.request(r)) : MessageCodec.encode(WireGen.response(r));
            int len = WireGen.between(r, 0, wire.length - 1);
            boolean whole = MessageCodec.isWholeMessage(wire, 0, len);
            try {
                MessageCodec.validate(wire, 0, len, !isRequest);
                assertTrue(whole, "a partial TLV was accepted");
            } catch (WireFormatException e) {
                if (len == 0) {
                    assertEquals(Reason.EMPTY_MESSAGE, e.reason());
                } else if (!whole) {
                    assertTrue(cut.contains(e.reason()), e.getMessage());
                } else {
                    assertTrue(!cut.contains(e.reason()), e.getMessage());
                }
            }
        });
    }

    @Test
    void requestsAreNotResponsesAndViceVersa() {
        forAll("direction", 0x5EED_0005L, 1000, r -> {
            TimeRequest q = WireGen.request(r);
            byte[] qb = MessageCodec.encode(q);
            boolean hasRequestOnly = q.signatureRequest() || q.metadataQuery();
            WireFormatException asResponse = assertThrows(WireFormatException.class, () -> MessageCodec.decodeResponse(qb));
            // 247 and 252 are request-only; anything else in a request is allowed in a response, but T2 is missing
            assertEquals(hasRequestOnly ? Reason.WRONG_DIRECTION : Reason.RECEIVE_TIMESTAMP_MISSING, asResponse.reason());
            TimeResponse s = WireGen.timeResponse(r);
            WireFormatException e = assertThrows(WireFormatException.class, () -> MessageCodec.decodeRequest(MessageCodec.encode(s)));
            assertEquals(Reason.WRONG_DIRECTION, e.reason(), "T2 follows the nonce in every response");
        });
    }

    @Test
    void theNonceIsAlwaysTheFirstEighteenBytes() {
        forAll("nonce first", 0x5EED_0006L, 1000, r -> {
            TimeRequest q = WireGen.request(r);
            assertEquals(q.nonce(), Nonce.peek(MessageCodec.encode(q), 0, q.encodedLength()));
            TimeResponse s = WireGen.timeResponse(r);
            assertEquals(s.nonce(), Nonce.peek(MessageCodec.encode(s), 0, s.encodedLength()));
        });
    }
}
