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
import static dev.tsq.wire.Tlvs.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tsq.wire.WireFormatException.Reason;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One rejecting example (usually several) for every {@link Reason} the decoder can produce, each asserted
 * exactly, through {@code decodeRequest}/{@code decodeResponse} and {@code validate} alike; and a check that
 * the table covers every Reason except the encoder's BUFFER_TOO_SMALL.
 */
class WireRulesTest {

    enum Dir { REQUEST, RESPONSE, BOTH }

    record Case(Reason reason, Dir dir, String name, byte[] message) {
        @Override
        public String toString() {
            return reason + " / " + dir + " / " + name;
        }
    }

    private static final byte[] N = nonceTlv();
    private static final byte[] R = minimalResponse();
    private static final int FLAG_PRECISION = TlvType.PRECISION_MODE;
    private static final byte[] CQ = tlv(TlvType.CLOCK_QUALITY, bytes(1, 0, 0, 10, 0, 50));
    private static final byte[] TSI = tlv(TlvType.TIME_SOURCE_INFO, bytes(1, 1));
    private static final byte[] ERR = tlv(TlvType.ERROR, bytes(1, 0, 'b', 'a', 'd'));
    private static final byte[] SIG = signatureTlv(1, 7, 64, new byte[64]);
    private static final byte[] MD = tlv(TlvType.METADATA, metadataValue("site", "us-east"));

    private static byte[] flag(int type) {
        return tlv(type);
    }

    /** More than 65535 bytes of Padding TLVs after the given prefix. */
    private static byte[] hugePadding(byte[] prefix) {
        byte[][] parts = new byte[257][];
        parts[0] = prefix;
        for (int i = 1; i < parts.length; i++) {
            parts[i] = tlvFilled(TlvType.PADDING, 255, 0);
        }
        return concat(parts);
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // framing
        c.add(new Case(Reason.EMPTY_MESSAGE, Dir.BOTH, "zero bytes", new byte[0]));
        c.add(new Case(Reason.TRUNCATED_HEADER, Dir.BOTH, "a lone type byte", bytes(1)));
        c.add(new Case(Reason.TRUNCATED_HEADER, Dir.REQUEST, "one byte after the nonce", concat(N, bytes(254))));
        c.add(new Case(Reason.TRUNCATED_HEADER, Dir.RESPONSE, "one byte after T3", concat(R, bytes(5))));
        c.add(new Case(Reason.TLV_OVERRUN, Dir.BOTH, "nonce header without value", bytes(1, 16)));
        c.add(new Case(Reason.TLV_OVERRUN, Dir.BOTH, "nonce cut at 15 bytes", concat(bytes(1, 16), new byte[15])));
        c.add(new Case(Reason.TLV_OVERRUN, Dir.REQUEST, "padding declares 5, 2 remain", concat(N, bytes(254, 5, 0, 0))));
        c.add(new Case(Reason.TLV_OVERRUN, Dir.RESPONSE, "T3 declares 8, 7 remain",
                concat(N, t2(), bytes(3, 8), new byte[7])));
        c.add(new Case(Reason.RESERVED_TYPE_ZERO, Dir.REQUEST, "type 0 after the nonce", concat(N, bytes(0, 0))));
        c.add(new Case(Reason.RESERVED_TYPE_ZERO, Dir.RESPONSE, "type 0 after T3", concat(R, bytes(0, 1, 0))));
        c.add(new Case(Reason.RESERVED_TYPE_ZERO, Dir.BOTH, "type 0 first", concat(bytes(0, 0), N)));
        // nonce
        c.add(new Case(Reason.NONCE_MISSING, Dir.REQUEST, "only Precision Mode", flag(FLAG_PRECISION)));
        c.add(new Case(Reason.NONCE_MISSING, Dir.REQUEST, "only an unknown TLV", tlv(4, 1, 2)));
        c.add(new Case(Reason.NONCE_MISSING, Dir.RESPONSE, "T2 and T3 only", concat(t2(), t3())));
        c.add(new Case(Reason.NONCE_NOT_FIRST, Dir.REQUEST, "Precision Mode before nonce", concat(flag(FLAG_PRECISION), N)));
        c.add(new Case(Reason.NONCE_NOT_FIRST, Dir.REQUEST, "unknown TLV before nonce", concat(tlv(9, 1), N)));
        c.add(new Case(Reason.NONCE_NOT_FIRST, Dir.RESPONSE, "T2 before nonce", concat(t2(), N, t3())));
        c.add(new Case(Reason.NONCE_LENGTH, Dir.BOTH, "15-byte nonce", tlvFilled(1, 15, 7)));
        c.add(new Case(Reason.NONCE_LENGTH, Dir.BOTH, "17-byte nonce", tlvFilled(1, 17, 7)));
        c.add(new Case(Reason.NONCE_LENGTH, Dir.BOTH, "empty nonce", tlv(1)));
        // timestamps
        c.add(new Case(Reason.TIMESTAMP_LENGTH, Dir.RESPONSE, "7-byte T2", concat(N, tlvFilled(2, 7, 1), t3())));
        c.add(new Case(Reason.TIMESTAMP_LENGTH, Dir.RESPONSE, "9-byte T3", concat(N, t2(), tlvFilled(3, 9, 1))));
        c.add(new Case(Reason.RECEIVE_TIMESTAMP_MISSING, Dir.RESPONSE, "nonce only", N));
        c.add(new Case(Reason.RECEIVE_TIMESTAMP_MISSING, Dir.RESPONSE, "nonce and T3", concat(N, t3())));
        c.add(new Case(Reason.SEND_TIMESTAMP_MISSING, Dir.RESPONSE, "nonce and T2", concat(N, t2())));
        c.add(new Case(Reason.SEND_TIMESTAMP_MISSING, Dir.RESPONSE, "nonce, T2, ack", concat(N, t2(), flag(FLAG_PRECISION))));
        c.add(new Case(Reason.OPTIONAL_BEFORE_REQUIRED, Dir.RESPONSE, "ack before T2", concat(N, flag(FLAG_PRECISION), t2(), t3())));
        c.add(new Case(Reason.OPTIONAL_BEFORE_REQUIRED, Dir.RESPONSE, "unknown before T3", concat(N, t2(), tlv(4), t3())));
        c.add(new Case(Reason.OPTIONAL_BEFORE_REQUIRED, Dir.RESPONSE, "metadata before T2", concat(N, MD, t2(), t3())));
        c.add(new Case(Reason.OPTIONAL_BEFORE_REQUIRED, Dir.RESPONSE, "clock quality before T3", concat(N, t2(), CQ, t3())));
        // duplicates
        c.add(new Case(Reason.DUPLICATE_TLV, Dir.BOTH, "two nonces", concat(N, N)));
        c.add(new Case(Reason.DUPLICATE_TLV, Dir.RESPONSE, "two T2", concat(N, t2(), t2(), t3())));
        c.add(new Case(Reason.DUPLICATE_TLV, Dir.RESPONSE, "two T3", concat(R, t3())));
        c.add(new Case(Reason.DUPLICATE_TLV, Dir.REQUEST, "two Precision Mode", concat(N, flag(250), flag(250))));
        c.add(new Case(Reason.DUPLICATE_TLV, Dir.RESPONSE, "two Precision Mode acks", concat(R, flag(250), flag(250))));
        c.add(new Case(Reason.DUPLICATE_TLV, Dir.REQUEST, "two Metadata Query", concat(N, flag(247), flag(247))));
        c.add(new Case(Reason.DUPLICATE_TLV, Dir.REQUEST, "two Signature Request", concat(N, flag(252), flag(252))));
        c.add(new Case(Reason.DUPLICATE_TLV, Dir.REQUEST, "two Metadata in a request", concat(N, MD, MD)));
        c.add(new Case(Reason.DUPLICATE_TLV, Dir.RESPONSE, "two Metadata in a response", concat(R, MD, MD)));
        c.add(new Case(Reason.DUPLICATE_TLV, Dir.RESPONSE, "two Clock Quality", concat(R, CQ, CQ)));
        c.add(new Case(Reason.DUPLICATE_TLV, Dir.RESPONSE, "two Time Source Info", concat(R, TSI, TSI)));
        // direction
        c.add(new Case(Reason.WRONG_DIRECTION, Dir.REQUEST, "T2 in a request", concat(N, t2())));
        c.add(new Case(Reason.WRONG_DIRECTION, Dir.REQUEST, "T3 in a request", concat(N, t3())));
        c.add(new Case(Reason.WRONG_DIRECTION, Dir.REQUEST, "Clock Quality in a request", concat(N, CQ)));
        c.add(new Case(Reason.WRONG_DIRECTION, Dir.REQUEST, "Time Source Info in a request", concat(N, TSI)));
        c.add(new Case(Reason.WRONG_DIRECTION, Dir.REQUEST, "Error in a request", ERR));
        c.add(new Case(Reason.WRONG_DIRECTION, Dir.REQUEST, "Signature Block in a request", concat(N, SIG)));
        c.add(new Case(Reason.WRONG_DIRECTION, Dir.RESPONSE, "Metadata Query in a response", concat(R, flag(247))));
        c.add(new Case(Reason.WRONG_DIRECTION, Dir.RESPONSE, "Signature Request in a response", concat(R, flag(252))));
        // zero-length flags
        c.add(new Case(Reason.ZERO_LENGTH_EXPECTED, Dir.REQUEST, "1-byte Metadata Query", concat(N, tlv(247, 0))));
        c.add(new Case(Reason.ZERO_LENGTH_EXPECTED, Dir.REQUEST, "1-byte Precision Mode", concat(N, tlv(250, 1))));
        c.add(new Case(Reason.ZERO_LENGTH_EXPECTED, Dir.REQUEST, "2-byte Signature Request", concat(N, tlv(252, 0, 0))));
        c.add(new Case(Reason.ZERO_LENGTH_EXPECTED, Dir.RESPONSE, "1-byte Precision Mode ack", concat(R, tlv(250, 0))));
        // padding
        c.add(new Case(Reason.PADDING_NONZERO, Dir.REQUEST, "01 in padding", concat(N, tlv(254, 0, 1))));
        c.add(new Case(Reason.PADDING_NONZERO, Dir.RESPONSE, "80 in padding", concat(R, tlv(254, 0x80))));
        c.add(new Case(Reason.PADDING_NOT_LAST, Dir.REQUEST, "Precision Mode after padding", concat(N, tlv(254), flag(250))));
        c.add(new Case(Reason.PADDING_NOT_LAST, Dir.REQUEST, "unknown after padding", concat(N, tlv(254, 0), tlv(4))));
        c.add(new Case(Reason.PADDING_NOT_LAST, Dir.RESPONSE, "Metadata after padding", concat(R, tlv(254), MD)));
        c.add(new Case(Reason.PADDING_NOT_LAST, Dir.RESPONSE, "T3 after padding", concat(N, t2(), tlv(254), t3())));
        c.add(new Case(Reason.MESSAGE_TOO_LARGE, Dir.REQUEST, "65792 bytes of padding in a request", hugePadding(N)));
        c.add(new Case(Reason.MESSAGE_TOO_LARGE, Dir.RESPONSE, "65792 bytes of padding in a response", hugePadding(R)));
        // signature block
        c.add(new Case(Reason.SIGNATURE_NOT_LAST, Dir.RESPONSE, "padding after signature", concat(R, SIG, tlv(254))));
        c.add(new Case(Reason.SIGNATURE_NOT_LAST, Dir.RESPONSE, "two signatures", concat(R, SIG, SIG)));
        c.add(new Case(Reason.SIGNATURE_NOT_LAST, Dir.RESPONSE, "a stray byte after signature", concat(R, SIG, bytes(0))));
        c.add(new Case(Reason.SIGNATURE_NOT_LAST, Dir.RESPONSE, "error after a signed error", concat(ERR, SIG, ERR)));
        c.add(new Case(Reason.SIGNATURE_MALFORMED, Dir.RESPONSE, "6-byte block", concat(R, tlvFilled(255, 6, 0))));
        c.add(new Case(Reason.SIGNATURE_MALFORMED, Dir.RESPONSE, "empty block", concat(R, tlv(255))));
        c.add(new Case(Reason.SIGNATURE_LENGTH_MISMATCH, Dir.RESPONSE, "declares 65, holds 64",
                concat(R, signatureTlv(1, 1, 65, new byte[64]))));
        c.add(new Case(Reason.SIGNATURE_LENGTH_MISMATCH, Dir.RESPONSE, "declares 63, holds 64",
                concat(R, signatureTlv(1, 1, 63, new byte[64]))));
        c.add(new Case(Reason.SIGNATURE_LENGTH_MISMATCH, Dir.RESPONSE, "declares 256+32, holds 32",
                concat(R, signatureTlv(2, 1, 256 + 32, new byte[32]))));
        // error TLV
        c.add(new Case(Reason.ERROR_NOT_ALONE, Dir.RESPONSE, "nonce after error", concat(ERR, N)));
        c.add(new Case(Reason.ERROR_NOT_ALONE, Dir.RESPONSE, "padding after error", concat(ERR, tlv(254))));
        c.add(new Case(Reason.ERROR_NOT_ALONE, Dir.RESPONSE, "unknown after error", concat(ERR, tlv(4))));
        c.add(new Case(Reason.ERROR_NOT_ALONE, Dir.RESPONSE, "two errors", concat(ERR, ERR)));
        c.add(new Case(Reason.ERROR_NOT_ALONE, Dir.RESPONSE, "error not first", concat(R, ERR)));
        c.add(new Case(Reason.ERROR_NOT_ALONE, Dir.RESPONSE, "error after nonce", concat(N, ERR)));
        c.add(new Case(Reason.ERROR_MALFORMED, Dir.RESPONSE, "empty error", tlv(249)));
        c.add(new Case(Reason.ERROR_MALFORMED, Dir.RESPONSE, "code without reserved byte", tlv(249, 1)));
        c.add(new Case(Reason.ERROR_MALFORMED, Dir.RESPONSE, "code 0", tlv(249, 0, 0)));
        c.add(new Case(Reason.ERROR_RESERVED_NONZERO, Dir.RESPONSE, "reserved 01", tlv(249, 1, 1)));
        c.add(new Case(Reason.ERROR_RESERVED_NONZERO, Dir.RESPONSE, "reserved ff with reason", tlv(249, 2, 0xFF, 'x')));
        // optional value structure
        c.add(new Case(Reason.CLOCK_QUALITY_MALFORMED, Dir.RESPONSE, "5-byte clock quality", concat(R, tlvFilled(248, 5, 0))));
        c.add(new Case(Reason.CLOCK_QUALITY_MALFORMED, Dir.RESPONSE, "empty clock quality", concat(R, tlv(248))));
        c.add(new Case(Reason.TIME_SOURCE_INFO_MALFORMED, Dir.RESPONSE, "1-byte time source info", concat(R, tlv(251, 1))));
        c.add(new Case(Reason.TIME_SOURCE_INFO_MALFORMED, Dir.RESPONSE, "empty time source info", concat(R, tlv(251))));
        for (Dir d : new Dir[] {Dir.REQUEST, Dir.RESPONSE}) {
            byte[] head = d == Dir.REQUEST ? N : R;
            c.add(new Case(Reason.METADATA_MALFORMED, d, "key runs past the TLV", concat(head, tlv(253, concat(bytes(5), utf8("site"))))));
            c.add(new Case(Reason.METADATA_MALFORMED, d, "value length missing", concat(head, tlv(253, concat(bytes(4), utf8("site"))))));
            c.add(new Case(Reason.METADATA_MALFORMED, d, "value runs past the TLV",
                    concat(head, tlv(253, concat(bytes(4), utf8("site"), bytes(7), utf8("us-ea"))))));
            c.add(new Case(Reason.METADATA_MALFORMED, d, "empty key, no value length", concat(head, tlv(253, 0))));
            c.add(new Case(Reason.METADATA_MALFORMED, d, "second pair cut", concat(head,
                    tlv(253, concat(metadataValue("a", "1"), bytes(1, 'b'))))));
            c.add(new Case(Reason.METADATA_NOT_CANONICAL, d, "site before region", concat(head,
                    tlv(253, metadataValue("site", "us-east", "region", "1")))));
            c.add(new Case(Reason.METADATA_NOT_CANONICAL, d, "ab before a", concat(head, tlv(253, metadataValue("ab", "1", "a", "2")))));
            c.add(new Case(Reason.METADATA_NOT_CANONICAL, d, "unsigned order: \u00e9 (c3 a9) before z", concat(head,
                    tlv(253, metadataValue("\u00e9", "1", "z", "2")))));
        }
        // UTF-8 in every text field
        byte[][] bad = {
            bytes(0xC0, 0xAF), bytes(0xE0, 0x80, 0xAF), bytes(0xF0, 0x80, 0x80, 0xAF), // overlong
            bytes(0xED, 0xA0, 0x80), bytes(0xED, 0xBF, 0xBF), // surrogates U+D800, U+DFFF
            bytes(0xE2, 0x82), bytes('o', 'k', 0xF0, 0x9F, 0x98), bytes(0xC3), // truncated
            bytes(0xF4, 0x90, 0x80, 0x80), // above U+10FFFF
            bytes(0x80), bytes(0xFF), bytes(0xF5, 0x80, 0x80, 0x80), bytes(0xC3, 0x28), // stray / invalid bytes
        };
        for (byte[] b : bad) {
            String h = Tlvs.hex(b);
            c.add(new Case(Reason.INVALID_UTF8, Dir.RESPONSE, "error reason " + h, tlv(249, concat(bytes(1, 0), b))));
            c.add(new Case(Reason.INVALID_UTF8, Dir.RESPONSE, "clock quality tag " + h, concat(R, tlv(248, concat(new byte[6], b)))));
            c.add(new Case(Reason.INVALID_UTF8, Dir.RESPONSE, "time source info " + h, concat(R, tlv(251, concat(bytes(1, 1), b)))));
            c.add(new Case(Reason.INVALID_UTF8, Dir.REQUEST, "metadata key " + h,
                    concat(N, tlv(253, concat(bytes(b.length), b, bytes(1, 'v'))))));
            c.add(new Case(Reason.INVALID_UTF8, Dir.RESPONSE, "metadata value " + h,
                    concat(R, tlv(253, concat(bytes(1, 'k', b.length), b)))));
        }
        return c;
    }

    static Stream<Case> requestCases() {
        return cases().stream().filter(c -> c.dir != Dir.RESPONSE);
    }

    static Stream<Case> responseCases() {
        return cases().stream().filter(c -> c.dir != Dir.REQUEST);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestCases")
    void requestIsRejectedWithTheExactReason(Case c) {
        WireFormatException e = assertThrows(WireFormatException.class, () -> MessageCodec.decodeRequest(c.message),
                () -> "accepted " + Tlvs.shortHex(c.message));
        assertEquals(c.reason, e.reason(), e.getMessage());
        WireFormatException v = assertThrows(WireFormatException.class,
                () -> MessageCodec.validate(c.message, 0, c.message.length, false));
        assertEquals(c.reason, v.reason());
        assertEquals(e.offset(), v.offset());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responseCases")
    void responseIsRejectedWithTheExactReason(Case c) {
        WireFormatException e = assertThrows(WireFormatException.class, () -> MessageCodec.decodeResponse(c.message),
                () -> "accepted " + Tlvs.shortHex(c.message));
        assertEquals(c.reason, e.reason(), e.getMessage());
        WireFormatException v = assertThrows(WireFormatException.class,
                () -> MessageCodec.validate(c.message, 0, c.message.length, true));
        assertEquals(c.reason, v.reason());
        assertEquals(e.offset(), v.offset());
    }

    /** The same bytes inside a larger array at an offset: same reason, same message-relative offset. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectionIsTheSameAtAnOffset(Case c) {
        boolean response = c.dir == Dir.RESPONSE;
        byte[] big = new byte[c.message.length + 13];
        java.util.Arrays.fill(big, (byte) 0x5A);
        System.arraycopy(c.message, 0, big, 7, c.message.length);
        WireFormatException atZero = assertThrows(WireFormatException.class,
                () -> MessageCodec.validate(c.message, 0, c.message.length, response));
        WireFormatException atSeven = assertThrows(WireFormatException.class,
                () -> MessageCodec.validate(big, 7, c.message.length, response));
        assertEquals(atZero.reason(), atSeven.reason());
        assertEquals(atZero.offset(), atSeven.offset(), atSeven.getMessage());
    }

    @Test
    void everyDecodeReasonHasARejectingExample() {
        Set<Reason> covered = cases().stream().map(Case::reason).collect(Collectors.toCollection(() -> EnumSet.noneOf(Reason.class)));
        Set<Reason> expected = EnumSet.complementOf(EnumSet.of(Reason.BUFFER_TOO_SMALL));
        assertEquals(expected, covered);
    }

    @Test
    void offsetsPointAtTheOffendingTlvOrByte() {
        assertEquals(18, reject(concat(N, bytes(254, 5, 0, 0)), false).offset());
        assertEquals(22, reject(concat(N, tlv(254, 0, 0, 1)), false).offset());
        assertEquals(18, reject(concat(N, bytes(0, 0)), false).offset());
        assertEquals(38, reject(concat(R, flag(247)), true).offset());
        assertEquals(38 + SIG.length, reject(concat(R, SIG, tlv(254)), true).offset());
        assertEquals(0, reject(concat(t2(), N, t3()), true).offset());
        assertEquals(-1, reject(N, true).offset());
        // the INVALID_UTF8 offset is the start of the text field (message-relative)
        assertEquals(38 + 2 + 6, reject(concat(R, tlv(248, concat(new byte[6], bytes(0xC0, 0xAF)))), true).offset());
    }

    @Test
    void exceptionMessageNamesTheRule() {
        WireFormatException e = reject(concat(N, bytes(254, 5, 0, 0)), false);
        assertEquals(true, e.getMessage().startsWith("TLV_OVERRUN: " + Reason.TLV_OVERRUN.rule()), e.getMessage());
        assertEquals(true, e.getMessage().contains("Padding(254) declares 5 bytes, 2 remain"), e.getMessage());
        assertEquals(true, e.getMessage().endsWith("at byte 18"), e.getMessage());
        assertEquals(0, e.getStackTrace().length, "hot-path rejections carry no stack trace");
        assertEquals(true, e instanceof dev.tsq.TsqException);
    }

    private static WireFormatException reject(byte[] m, boolean response) {
        try {
            if (response) {
                MessageCodec.decodeResponse(m);
            } else {
                MessageCodec.decodeRequest(m);
            }
        } catch (WireFormatException e) {
            return e;
        }
        return fail("accepted " + Tlvs.shortHex(m));
    }
}
