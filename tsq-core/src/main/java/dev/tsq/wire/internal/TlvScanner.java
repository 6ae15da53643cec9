package dev.tsq.wire.internal;

import dev.tsq.wire.TlvType;
import dev.tsq.wire.WireFormatException;
import dev.tsq.wire.WireFormatException.Reason;

/**
 * The single place where TSQ message bytes are validated. One pass, no allocation on success, no
 * loops that do not advance: it checks every rule of the draft's sections 6.3 to 6.6 and 8 and
 * records where each known TLV lies, so that callers can read values in place (the server fast
 * path) or build immutable values (the decoder). Reusable: {@link #scan} resets all state.
 * Not thread-safe; one instance per thread. Internal: not exported.
 */
public final class TlvScanner {
    /**
     * Most wire bytes of Padding (headers included) a message may carry: the bound the value types accept,
     * so that every message the scanner passes can be built into a value.
     */
    public static final int MAX_PADDING_BYTES = 65_535;

    /** Offsets are absolute indexes into the scanned array; -1 means absent. */
    public int nonceOff;
    public int receiveOff;
    public int sendOff;
    public int clockQualityOff;
    public int clockQualityLen;
    public int timeSourceOff;
    public int timeSourceLen;
    public int metadataOff;
    public int metadataLen;
    public int errorOff;
    public int errorLen;
    /** Offset of the Signature Block's TLV header (= end of the signed bytes). */
    public int signatureTlvOff;
    public int signatureLen;
    public boolean precisionMode;
    public boolean signatureRequest;
    public boolean metadataQuery;
    /** Wire bytes taken by Padding TLVs, headers included. */
    public int paddingBytes;
    public int unknownCount;
    public boolean isError;

    private long seen;

    /**
     * Validates a whole message.
     *
     * @param response true for a response (server to client), false for a request
     * @throws WireFormatException naming the first rule broken
     */
    public void scan(byte[] b, int off, int len, boolean response) {
        reset();
        if (len <= 0) {
            throw new WireFormatException(Reason.EMPTY_MESSAGE, 0);
        }
        final int end = off + len;
        int p = off;
        int index = 0;
        int firstType = -1;
        boolean optionalSeen = false;
        boolean paddingSeen = false;
        while (p < end) {
            if (signatureTlvOff >= 0) {
                throw new WireFormatException(Reason.SIGNATURE_NOT_LAST, p - off);
            }
            if (end - p < TlvType.HEADER_BYTES) {
                throw new WireFormatException(Reason.TRUNCATED_HEADER, p - off);
            }
            final int type = b[p] & 0xFF;
            final int l = b[p + 1] & 0xFF;
            final int v = p + TlvType.HEADER_BYTES;
            if (l > end - v) {
                throw new WireFormatException(Reason.TLV_OVERRUN, p - off,
                        TlvType.name(type) + " declares " + l + " bytes, " + (end - v) + " remain");
            }
            if (type == 0) {
                throw new WireFormatException(Reason.RESERVED_TYPE_ZERO, p - off);
            }
            if (index == 0) {
                firstType = type;
            }
            if (isError && type != TlvType.SIGNATURE_BLOCK) {
                throw new WireFormatException(Reason.ERROR_NOT_ALONE, p - off, TlvType.name(type) + " follows the Error TLV");
            }
            if (paddingSeen && type != TlvType.PADDING && type != TlvType.SIGNATURE_BLOCK) {
                throw new WireFormatException(Reason.PADDING_NOT_LAST, p - off, TlvType.name(type) + " follows Padding");
            }
            switch (type) {
                case TlvType.NONCE -> {
                    once(type, p, off);
                    if (l != 16) {
                        throw new WireFormatException(Reason.NONCE_LENGTH, p - off, l + " bytes");
                    }
                    nonceOff = v;
                }
                case TlvType.RECEIVE_TIMESTAMP, TlvType.SEND_TIMESTAMP -> {
                    direction(response, true, type, p, off);
                    once(type, p, off);
                    if (l != 8) {
                        throw new WireFormatException(Reason.TIMESTAMP_LENGTH, p - off, TlvType.name(type) + " has " + l + " bytes");
                    }
                    if (optionalSeen) {
                        throw new WireFormatException(Reason.OPTIONAL_BEFORE_REQUIRED, p - off, TlvType.name(type));
                    }
                    if (type == TlvType.RECEIVE_TIMESTAMP) {
                        receiveOff = v;
                    } else {
                        sendOff = v;
                    }
                }
                case TlvType.METADATA_QUERY, TlvType.SIGNATURE_REQUEST -> {
                    direction(response, false, type, p, off);
                    once(type, p, off);
                    zeroLength(type, l, p, off);
                    optionalSeen = true;
                    if (type == TlvType.METADATA_QUERY) {
                        metadataQuery = true;
                    } else {
                        signatureRequest = true;
                    }
                }
                case TlvType.PRECISION_MODE -> {
                    once(type, p, off);
                    zeroLength(type, l, p, off);
                    optionalSeen = true;
                    precisionMode = true;
                }
                case TlvType.CLOCK_QUALITY -> {
                    direction(response, true, type, p, off);
                    once(type, p, off);
                    if (l < 6) {
                        throw new WireFormatException(Reason.CLOCK_QUALITY_MALFORMED, p - off, l + " bytes");
                    }
                    utf8(b, v + 6, l - 6, off);
                    optionalSeen = true;
                    clockQualityOff = v;
                    clockQualityLen = l;
                }
                case TlvType.TIME_SOURCE_INFO -> {
                    direction(response, true, type, p, off);
                    once(type, p, off);
                    if (l < 2) {
                        throw new WireFormatException(Reason.TIME_SOURCE_INFO_MALFORMED, p - off, l + " bytes");
                    }
                    utf8(b, v + 2, l - 2, off);
                    optionalSeen = true;
                    timeSourceOff = v;
                    timeSourceLen = l;
                }
                case TlvType.ERROR -> {
                    direction(response, true, type, p, off);
                    if (index != 0) {
                        throw new WireFormatException(Reason.ERROR_NOT_ALONE, p - off, "Error TLV is not the first TLV");
                    }
                    if (l < 2) {
                        throw new WireFormatException(Reason.ERROR_MALFORMED, p - off, l + " bytes");
                    }
                    if (b[v] == 0) {
                        throw new WireFormatException(Reason.ERROR_MALFORMED, p - off, "error code 0");
                    }
                    if (b[v + 1] != 0) {
                        throw new WireFormatException(Reason.ERROR_RESERVED_NONZERO, p - off);
                    }
                    utf8(b, v + 2, l - 2, off);
                    isError = true;
                    errorOff = v;
                    errorLen = l;
                }
                case TlvType.METADATA -> {
                    once(type, p, off);
                    metadata(b, v, l, off);
                    optionalSeen = true;
                    metadataOff = v;
                    metadataLen = l;
                }
                case TlvType.PADDING -> {
                    for (int i = v; i < v + l; i++) {
                        if (b[i] != 0) {
                            throw new WireFormatException(Reason.PADDING_NONZERO, i - off);
                        }
                    }
                    paddingSeen = true;
                    optionalSeen = true;
                    paddingBytes += TlvType.HEADER_BYTES + l;
                    if (paddingBytes > MAX_PADDING_BYTES) {
                        throw new WireFormatException(Reason.MESSAGE_TOO_LARGE, p - off,
                                "more than " + MAX_PADDING_BYTES + " bytes of Padding");
                    }
                }
                case TlvType.SIGNATURE_BLOCK -> {
                    direction(response, true, type, p, off);
                    if (l < 7) {
                        throw new WireFormatException(Reason.SIGNATURE_MALFORMED, p - off, l + " bytes");
                    }
                    int declared = ((b[v + 5] & 0xFF) << 8) | (b[v + 6] & 0xFF);
                    if (declared != l - 7) {
                        throw new WireFormatException(Reason.SIGNATURE_LENGTH_MISMATCH, p - off,
                                "declares " + declared + ", TLV holds " + (l - 7));
                    }
                    signatureTlvOff = p;
                    signatureLen = l - 7;
                }
                default -> {
                    optionalSeen = true;
                    unknownCount++;
                }
            }
            index++;
            p = v + l;
        }
        if (isError) {
            return;
        }
        if (nonceOff < 0) {
            throw new WireFormatException(Reason.NONCE_MISSING, -1);
        }
        if (firstType != TlvType.NONCE) {
            throw new WireFormatException(Reason.NONCE_NOT_FIRST, 0, "first TLV is " + TlvType.name(firstType));
        }
        if (response) {
            if (receiveOff < 0) {
                throw new WireFormatException(Reason.RECEIVE_TIMESTAMP_MISSING, -1);
            }
            if (sendOff < 0) {
                throw new WireFormatException(Reason.SEND_TIMESTAMP_MISSING, -1);
            }
        }
    }

    private void reset() {
        nonceOff = -1;
        receiveOff = -1;
        sendOff = -1;
        clockQualityOff = -1;
        clockQualityLen = 0;
        timeSourceOff = -1;
        timeSourceLen = 0;
        metadataOff = -1;
        metadataLen = 0;
        errorOff = -1;
        errorLen = 0;
        signatureTlvOff = -1;
        signatureLen = 0;
        precisionMode = false;
        signatureRequest = false;
        metadataQuery = false;
        paddingBytes = 0;
        unknownCount = 0;
        isError = false;
        seen = 0;
    }

    private void once(int type, int p, int off) {
        long bit = 1L << (type <= 3 ? type : type - 240);
        if ((seen & bit) != 0) {
            throw new WireFormatException(Reason.DUPLICATE_TLV, p - off, TlvType.name(type));
        }
        seen |= bit;
    }

    private static void direction(boolean response, boolean responseOnly, int type, int p, int off) {
        if (response != responseOnly) {
            throw new WireFormatException(Reason.WRONG_DIRECTION, p - off,
                    TlvType.name(type) + (responseOnly ? " is response-only" : " is request-only"));
        }
    }

    private static void zeroLength(int type, int l, int p, int off) {
        if (l != 0) {
            throw new WireFormatException(Reason.ZERO_LENGTH_EXPECTED, p - off, TlvType.name(type) + " has " + l + " bytes");
        }
    }

    private static void utf8(byte[] b, int from, int len, int off) {
        if (!Utf8Check.isValid(b, from, len)) {
            throw new WireFormatException(Reason.INVALID_UTF8, from - off);
        }
    }

    /** Structure, UTF-8 and canonical key order of a Metadata value, without decoding it. */
    private static void metadata(byte[] b, int v, int l, int off) {
        int p = v;
        int end = v + l;
        int prevKey = -1;
        int prevKeyLen = 0;
        while (p < end) {
            int kl = b[p] & 0xFF;
            int key = p + 1;
            if (key + kl >= end) {
                throw new WireFormatException(Reason.METADATA_MALFORMED, p - off, "key runs past the TLV or value length missing");
            }
            int vl = b[key + kl] & 0xFF;
            int val = key + kl + 1;
            if (vl > end - val) {
                throw new WireFormatException(Reason.METADATA_MALFORMED, key + kl - off, "value runs past the TLV");
            }
            utf8(b, key, kl, off);
            utf8(b, val, vl, off);
            if (prevKey >= 0 && java.util.Arrays.compareUnsigned(b, prevKey, prevKey + prevKeyLen, b, key, key + kl) > 0) {
                throw new WireFormatException(Reason.METADATA_NOT_CANONICAL, key - off);
            }
            prevKey = key;
            prevKeyLen = kl;
            p = val + vl;
        }
    }

    /**
     * True when {@code len} bytes are a sequence of whole TLVs (the last one not cut off). Stream readers use
     * it to tell a complete message from a partial read before validating it. Allocation-free.
     */
    public static boolean wholeTlvs(byte[] b, int off, int len) {
        int p = off;
        int end = off + len;
        while (p < end) {
            if (end - p < 2) {
                return false;
            }
            p += 2 + (b[p + 1] & 0xFF);
        }
        return p == end && len > 0;
    }
}
