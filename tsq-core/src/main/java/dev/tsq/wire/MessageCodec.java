package dev.tsq.wire;

import dev.tsq.wire.WireFormatException.Reason;
import dev.tsq.wire.internal.Bytes;
import dev.tsq.wire.internal.TlvScanner;
import dev.tsq.wire.internal.Utf8Check;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The only class that turns TSQ messages into bytes and back.
 *
 * <p>Decoding validates every rule of the draft (see {@link WireFormatException.Reason}) before it builds
 * a value; for any input it either returns a value or throws {@link WireFormatException}, allocates at most
 * in proportion to the input, and finishes in one pass. Unknown TLV types are skipped and kept.
 *
 * <p>Encoding writes into a caller-supplied array and allocates nothing (text fields are written without
 * allocation when they are ASCII). It writes TLVs in the canonical order documented on {@link TimeRequest}
 * and {@link TimeResponse}, so {@code decode(encode(m)).equals(m)}.
 */
public final class MessageCodec {
    /** Bytes of a Time Response's required TLVs (Nonce, Receive and Send Timestamps): the shortest Time Response. */
    public static final int TIME_RESPONSE_MIN_BYTES = 2 + Nonce.BYTES + 2 * 10;

    private static final ThreadLocal<TlvScanner> SCANNER = ThreadLocal.withInitial(TlvScanner::new);

    private MessageCodec() {
    }

    // ------------------------------------------------------------------ decoding

    /**
     * Decodes a request.
     *
     * @param b   the bytes
     * @param off where the message starts
     * @param len the message's length
     * @return the request
     * @throws WireFormatException      naming the rule the bytes break
     * @throws IllegalArgumentException when the range lies outside the array
     */
    public static TimeRequest decodeRequest(byte[] b, int off, int len) {
        TlvScanner s = scan(b, off, len, false);
        Metadata md = s.metadataOff < 0 ? null : Metadata.parseValue(b, s.metadataOff, s.metadataLen);
        return new TimeRequest(Nonce.read(b, s.nonceOff), s.precisionMode, s.signatureRequest, s.metadataQuery, md,
                unknown(b, off, len, s), s.paddingBytes);
    }

    /**
     * Decodes a whole array as a request.
     *
     * @param b the message
     * @return the request
     * @throws WireFormatException naming the rule the bytes break
     */
    public static TimeRequest decodeRequest(byte[] b) {
        return decodeRequest(b, 0, b.length);
    }

    /**
     * Decodes a response: a {@link TimeResponse} or an {@link ErrorResponse}.
     *
     * @param b   the bytes
     * @param off where the message starts
     * @param len the message's length
     * @return the response
     * @throws WireFormatException      naming the rule the bytes break
     * @throws IllegalArgumentException when the range lies outside the array
     */
    public static Response decodeResponse(byte[] b, int off, int len) {
        TlvScanner s = scan(b, off, len, true);
        SignatureBlock sig = s.signatureTlvOff < 0 ? null : signature(b, s.signatureTlvOff + 2, s.signatureLen);
        if (s.isError) {
            return new ErrorResponse(new ErrorTlv(b[s.errorOff] & 0xFF, Utf8.decode(b, s.errorOff + 2, s.errorLen - 2)), sig);
        }
        ClockQuality cq = s.clockQualityOff < 0 ? null : new ClockQuality(b[s.clockQualityOff] & 0xFF,
                Bytes.getU16(b, s.clockQualityOff + 2), Bytes.getU16(b, s.clockQualityOff + 4),
                Utf8.decode(b, s.clockQualityOff + 6, s.clockQualityLen - 6));
        TimeSourceInfo tsi = s.timeSourceOff < 0 ? null : new TimeSourceInfo(b[s.timeSourceOff] & 0xFF,
                b[s.timeSourceOff + 1] & 0xFF, Utf8.decode(b, s.timeSourceOff + 2, s.timeSourceLen - 2));
        Metadata md = s.metadataOff < 0 ? null : Metadata.parseValue(b, s.metadataOff, s.metadataLen);
        return new TimeResponse(Nonce.read(b, s.nonceOff), Bytes.getLong(b, s.receiveOff), Bytes.getLong(b, s.sendOff),
                s.precisionMode, cq, tsi, md, unknown(b, off, len, s), s.paddingBytes, sig);
    }

    /**
     * Decodes a whole array as a response.
     *
     * @param b the message
     * @return the response
     * @throws WireFormatException naming the rule the bytes break
     */
    public static Response decodeResponse(byte[] b) {
        return decodeResponse(b, 0, b.length);
    }

    /**
     * Validates a message without building values (allocation-free on success).
     *
     * @param b        the bytes
     * @param off      where the message starts
     * @param len      the message's length
     * @param response true for a response, false for a request
     * @throws WireFormatException      naming the rule the bytes break
     * @throws IllegalArgumentException when the range lies outside the array
     */
    public static void validate(byte[] b, int off, int len, boolean response) {
        scan(b, off, len, response);
    }

    /**
     * True when the bytes are a sequence of whole TLVs (none cut off at the end): what a stream reader asks
     * before it tries to decode. Says nothing about validity.
     *
     * @param b   the bytes received so far
     * @param off where the message starts
     * @param len the bytes received
     * @return true when no TLV is cut off
     */
    public static boolean isWholeMessage(byte[] b, int off, int len) {
        return TlvScanner.wholeTlvs(b, off, len);
    }

    private static TlvScanner scan(byte[] b, int off, int len, boolean response) {
        if (b == null || off < 0 || len < 0 || off > b.length - len) {
            throw new IllegalArgumentException("range: off=" + off + ", len=" + len + " outside array of "
                    + (b == null ? "null" : b.length));
        }
        TlvScanner s = SCANNER.get();
        s.scan(b, off, len, response);
        return s;
    }

    private static SignatureBlock signature(byte[] b, int v, int sigLen) {
        byte[] sig = new byte[sigLen];
        System.arraycopy(b, v + SignatureBlock.HEADER_BYTES, sig, 0, sigLen);
        return new SignatureBlock(b[v] & 0xFF, Bytes.getInt(b, v + 1), sig);
    }

    private static List<UnknownTlv> unknown(byte[] b, int off, int len, TlvScanner s) {
        if (s.unknownCount == 0) {
            return List.of();
        }
        List<UnknownTlv> list = new ArrayList<>(s.unknownCount);
        int p = off;
        int end = off + len;
        while (p < end) {
            int type = b[p] & 0xFF;
            int l = b[p + 1] & 0xFF;
            if (!TlvType.isKnown(type)) {
                byte[] v = new byte[l];
                System.arraycopy(b, p + 2, v, 0, l);
                list.add(new UnknownTlv(type, v));
            }
            p += 2 + l;
        }
        return list;
    }

    // ------------------------------------------------------------------ encoding

    /**
     * Bytes {@code request} takes on the wire.
     *
     * @param r the request
     * @return its length on the wire
     */
    public static int encodedLength(TimeRequest r) {
        int n = 2 + Nonce.BYTES;
        n += r.metadataQuery() ? 2 : 0;
        n += r.precisionMode() ? 2 : 0;
        n += r.signatureRequest() ? 2 : 0;
        n += r.metadata() == null ? 0 : 2 + r.metadata().valueLength();
        n += unknownLength(r.unknown());
        return n + r.paddingBytes();
    }

    /**
     * Bytes {@code response} takes on the wire.
     *
     * @param response the response
     * @return its length on the wire
     */
    public static int encodedLength(Response response) {
        if (response instanceof ErrorResponse e) {
            int n = 2 + ErrorTlv.FIXED_BYTES + Utf8Check.length(e.error().reason());
            return n + (e.signature() == null ? 0 : e.signature().tlvLength());
        }
        TimeResponse r = (TimeResponse) response;
        int n = TIME_RESPONSE_MIN_BYTES;
        n += r.precisionAck() ? 2 : 0;
        n += r.clockQuality() == null ? 0 : 2 + ClockQuality.FIXED_BYTES + Utf8Check.length(r.clockQuality().sourceClassTag());
        n += r.timeSourceInfo() == null ? 0 : 2 + TimeSourceInfo.FIXED_BYTES + Utf8Check.length(r.timeSourceInfo().info());
        n += r.metadata() == null ? 0 : 2 + r.metadata().valueLength();
        n += unknownLength(r.unknown());
        n += r.paddingBytes();
        return n + (r.signature() == null ? 0 : r.signature().tlvLength());
    }

    private static int unknownLength(List<UnknownTlv> unknown) {
        int n = 0;
        for (int i = 0; i < unknown.size(); i++) {
            n += 2 + unknown.get(i).length();
        }
        return n;
    }

    /**
     * Writes {@code request} at {@code off}; returns the number of bytes written.
     *
     * @throws WireFormatException {@link Reason#BUFFER_TOO_SMALL} when it does not fit (nothing is written)
     * @param r   the request
     * @param out where to write
     * @param off the first byte written
     * @return the bytes written
     */
    public static int encode(TimeRequest r, byte[] out, int off) {
        int len = encodedLength(r);
        room(out, off, len);
        int p = writeNonce(out, off, r.nonce());
        if (r.metadataQuery()) {
            p = writeFlag(out, p, TlvType.METADATA_QUERY);
        }
        if (r.precisionMode()) {
            p = writeFlag(out, p, TlvType.PRECISION_MODE);
        }
        if (r.signatureRequest()) {
            p = writeFlag(out, p, TlvType.SIGNATURE_REQUEST);
        }
        p = writeMetadata(out, p, r.metadata());
        p = writeUnknown(out, p, r.unknown());
        p = padding(out, p, r.paddingBytes());
        return p - off;
    }

    /**
     * Encodes into a new array of exactly the right size.
     *
     * @param r the request
     * @return its bytes
     */
    public static byte[] encode(TimeRequest r) {
        byte[] out = new byte[encodedLength(r)];
        encode(r, out, 0);
        return out;
    }

    /**
     * Writes {@code response} at {@code off}; returns the number of bytes written. The Signature Block, when
     * present, is written as given: producing a valid one is {@link dev.tsq.auth.Signer}'s job.
     *
     * @throws WireFormatException {@link Reason#BUFFER_TOO_SMALL} when it does not fit (nothing is written)
     * @param response the response
     * @param out      where to write
     * @param off      the first byte written
     * @return the bytes written
     */
    public static int encode(Response response, byte[] out, int off) {
        int len = encodedLength(response);
        room(out, off, len);
        int p;
        if (response instanceof ErrorResponse e) {
            out[off] = (byte) TlvType.ERROR;
            out[off + 2] = (byte) e.error().code();
            out[off + 3] = 0;
            int n = Utf8Check.write(e.error().reason(), out, off + 4);
            out[off + 1] = (byte) (2 + n);
            p = off + 4 + n;
        } else {
            TimeResponse r = (TimeResponse) response;
            p = writeNonce(out, off, r.nonce());
            p = writeTimestamp(out, p, TlvType.RECEIVE_TIMESTAMP, r.receiveTimestamp());
            p = writeTimestamp(out, p, TlvType.SEND_TIMESTAMP, r.sendTimestamp());
            if (r.precisionAck()) {
                p = writeFlag(out, p, TlvType.PRECISION_MODE);
            }
            p = writeClockQuality(out, p, r.clockQuality());
            p = writeTimeSourceInfo(out, p, r.timeSourceInfo());
            p = writeMetadata(out, p, r.metadata());
            p = writeUnknown(out, p, r.unknown());
            p = padding(out, p, r.paddingBytes());
        }
        SignatureBlock sig = response.signature();
        if (sig != null) {
            int v = writeSignatureHeader(out, p, sig.algorithm(), sig.keyId(), sig.signatureLength());
            sig.writeSignature(out, v);
            p = v + sig.signatureLength();
        }
        return p - off;
    }

    /**
     * Encodes into a new array of exactly the right size.
     *
     * @param r the response
     * @return its bytes
     */
    public static byte[] encode(Response r) {
        byte[] out = new byte[encodedLength(r)];
        encode(r, out, 0);
        return out;
    }

    private static void room(byte[] out, int off, int len) {
        if (out == null || off < 0 || off > out.length || out.length - off < len) {
            throw new WireFormatException(Reason.BUFFER_TOO_SMALL, -1,
                    "need " + len + " bytes at offset " + off + ", array has " + (out == null ? 0 : out.length));
        }
    }

    // ------------------------------------------------------------------ low-level writers
    // The pieces encode() is made of, public for allocation-free responders (ServerExchange) and signers
    // (Signer): every TLV byte TSQ writes is written here. None checks room: the caller has sized the array.

    /**
     * Writes a Nonce TLV; returns the next position.
     *
     * @param out   where to write
     * @param p     the TLV's first byte
     * @param nonce the nonce
     * @return {@code p + 18}
     */
    public static int writeNonce(byte[] out, int p, Nonce nonce) {
        out[p] = (byte) TlvType.NONCE;
        out[p + 1] = (byte) Nonce.BYTES;
        nonce.write(out, p + 2);
        return p + 2 + Nonce.BYTES;
    }

    /**
     * Writes a Nonce TLV whose {@value Nonce#BYTES}-byte value is copied from {@code src[srcOff..]} (a request's
     * nonce echoed without building a {@link Nonce}); returns the next position.
     *
     * @param out    where to write
     * @param p      the TLV's first byte
     * @param src    the bytes holding the nonce value
     * @param srcOff where the 16 bytes start
     * @return {@code p + 18}
     */
    public static int writeNonce(byte[] out, int p, byte[] src, int srcOff) {
        out[p] = (byte) TlvType.NONCE;
        out[p + 1] = (byte) Nonce.BYTES;
        System.arraycopy(src, srcOff, out, p + 2, Nonce.BYTES);
        return p + 2 + Nonce.BYTES;
    }

    /**
     * Writes a timestamp TLV (type 2 or 3) holding raw NTP bits; returns the next position.
     *
     * @param out     where to write
     * @param p       the TLV's first byte
     * @param type    {@link TlvType#RECEIVE_TIMESTAMP} or {@link TlvType#SEND_TIMESTAMP}
     * @param ntpBits the timestamp (see {@link dev.tsq.time.NtpTimestamp})
     * @return {@code p + 10}
     */
    public static int writeTimestamp(byte[] out, int p, int type, long ntpBits) {
        out[p] = (byte) type;
        out[p + 1] = 8;
        Bytes.putLong(out, p + 2, ntpBits);
        return p + 10;
    }

    /**
     * Writes an empty flag TLV: {@link TlvType#METADATA_QUERY}, {@link TlvType#PRECISION_MODE} (a request's
     * Precision Mode or a response's acknowledgement) or {@link TlvType#SIGNATURE_REQUEST}; returns the next position.
     *
     * @throws IllegalArgumentException for any other type
     * @param out  where to write
     * @param p    the TLV's first byte
     * @param type the flag's type
     * @return {@code p + 2}
     */
    public static int writeFlag(byte[] out, int p, int type) {
        if (type != TlvType.METADATA_QUERY && type != TlvType.PRECISION_MODE && type != TlvType.SIGNATURE_REQUEST) {
            throw new IllegalArgumentException("type: " + type + " (expected: " + TlvType.METADATA_QUERY + ", "
                    + TlvType.PRECISION_MODE + " or " + TlvType.SIGNATURE_REQUEST + ")");
        }
        out[p] = (byte) type;
        out[p + 1] = 0;
        return p + 2;
    }

    /**
     * Writes {@code total} wire bytes of zero Padding (one or more TLVs, total 0 or at least 2) at {@code p};
     * returns the next position. Allocation-free.
     *
     * @param out   where to write
     * @param p     the first TLV's first byte
     * @param total wire bytes of padding, headers included: 0, or at least 2
     * @return {@code p + total}
     * @throws IllegalArgumentException for a total of 1, a negative one or one beyond the codec's bound
     */
    public static int writePadding(byte[] out, int p, int total) {
        Padding.check(total);
        return padding(out, p, total);
    }

    /**
     * Writes the header of a Signature Block TLV (type, length, algorithm, key id, signature length) for a
     * signature of {@code signatureLength} bytes; returns the position where the signature bytes go, which the
     * caller fills. The block covers every byte before {@code p}.
     *
     * @throws IllegalArgumentException when the signature length or algorithm does not fit the TLV
     * @param out             where to write
     * @param p               the TLV's first byte
     * @param algorithm       the algorithm ({@link SignatureBlock#ED25519}, {@link SignatureBlock#HMAC_SHA256})
     * @param keyId           the key id, unsigned 32 bits
     * @param signatureLength the signature bytes that follow
     * @return {@code p + 9}, where the signature bytes go
     */
    public static int writeSignatureHeader(byte[] out, int p, int algorithm, int keyId, int signatureLength) {
        if (signatureLength < 0 || signatureLength > SignatureBlock.MAX_SIGNATURE_BYTES) {
            throw new IllegalArgumentException("signatureLength: " + signatureLength + " (expected: 0-"
                    + SignatureBlock.MAX_SIGNATURE_BYTES + ")");
        }
        if (algorithm < 0 || algorithm > 255) {
            throw new IllegalArgumentException("algorithm: " + algorithm + " (expected: 0-255)");
        }
        out[p] = (byte) TlvType.SIGNATURE_BLOCK;
        out[p + 1] = (byte) (SignatureBlock.HEADER_BYTES + signatureLength);
        out[p + 2] = (byte) algorithm;
        Bytes.putInt(out, p + 3, keyId);
        Bytes.putU16(out, p + 7, signatureLength);
        return p + TlvType.HEADER_BYTES + SignatureBlock.HEADER_BYTES;
    }

    /**
     * The optional TLVs of a Time Response (Clock Quality Info, Time Source Info, Metadata; each null for
     * none), encoded in canonical order: what a responder that answers many requests with the same options
     * encodes once and copies after T3 (and the Precision Mode acknowledgement, if any).
     *
     * @param clockQuality   Clock Quality Info, or null
     * @param timeSourceInfo Time Source Info, or null
     * @param metadata       Metadata, or null
     * @return the TLVs' bytes (empty when all three are null)
     */
    public static byte[] encodeOptional(@Nullable ClockQuality clockQuality, @Nullable TimeSourceInfo timeSourceInfo,
                                        @Nullable Metadata metadata) {
        int n = clockQuality == null ? 0 : 2 + ClockQuality.FIXED_BYTES + Utf8Check.length(clockQuality.sourceClassTag());
        n += timeSourceInfo == null ? 0 : 2 + TimeSourceInfo.FIXED_BYTES + Utf8Check.length(timeSourceInfo.info());
        n += metadata == null ? 0 : 2 + metadata.valueLength();
        byte[] out = new byte[n];
        int p = writeClockQuality(out, 0, clockQuality);
        p = writeTimeSourceInfo(out, p, timeSourceInfo);
        writeMetadata(out, p, metadata);
        return out;
    }

    /** Padding TLVs for a checked total (see {@link Padding}): greedy, never leaving a 1-byte rest. */
    private static int padding(byte[] out, int p, int total) {
        int left = total;
        while (left > 0) {
            int tlv = Math.min(left, TlvType.HEADER_BYTES + TlvType.MAX_VALUE_BYTES);
            if (left - tlv == 1) {
                tlv--;
            }
            int value = tlv - TlvType.HEADER_BYTES;
            out[p] = (byte) TlvType.PADDING;
            out[p + 1] = (byte) value;
            Arrays.fill(out, p + 2, p + tlv, (byte) 0);
            p += tlv;
            left -= tlv;
        }
        return p;
    }

    private static int writeClockQuality(byte[] out, int p, @Nullable ClockQuality cq) {
        if (cq == null) {
            return p;
        }
        out[p] = (byte) TlvType.CLOCK_QUALITY;
        out[p + 2] = (byte) cq.clockClass();
        out[p + 3] = 0;
        Bytes.putU16(out, p + 4, cq.estimatedErrorMicros());
        Bytes.putU16(out, p + 6, cq.driftPpb());
        int n = Utf8Check.write(cq.sourceClassTag(), out, p + 8);
        out[p + 1] = (byte) (ClockQuality.FIXED_BYTES + n);
        return p + 8 + n;
    }

    private static int writeTimeSourceInfo(byte[] out, int p, @Nullable TimeSourceInfo t) {
        if (t == null) {
            return p;
        }
        out[p] = (byte) TlvType.TIME_SOURCE_INFO;
        out[p + 2] = (byte) t.stratum();
        out[p + 3] = (byte) t.sourceType();
        int n = Utf8Check.write(t.info(), out, p + 4);
        out[p + 1] = (byte) (TimeSourceInfo.FIXED_BYTES + n);
        return p + 4 + n;
    }

    private static int writeMetadata(byte[] out, int p, @Nullable Metadata md) {
        if (md == null) {
            return p;
        }
        out[p] = (byte) TlvType.METADATA;
        int n = md.writeValue(out, p + 2);
        out[p + 1] = (byte) n;
        return p + 2 + n;
    }

    private static int writeUnknown(byte[] out, int p, List<UnknownTlv> unknown) {
        for (int i = 0; i < unknown.size(); i++) {
            UnknownTlv u = unknown.get(i);
            out[p] = (byte) u.type();
            out[p + 1] = (byte) u.length();
            u.writeValue(out, p + 2);
            p += 2 + u.length();
        }
        return p;
    }
}
