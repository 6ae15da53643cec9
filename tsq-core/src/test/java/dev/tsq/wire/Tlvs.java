package dev.tsq.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Test helpers: build messages TLV by TLV, hex in and out, and read the golden vector files. */
public final class Tlvs {
    /** The nonce used by hand-built messages: 00 01 .. 0f. */
    public static final byte[] NONCE = hex("000102030405060708090a0b0c0d0e0f");
    /** 2024-01-01T00:00:00.5Z as NTP bits (seconds 0xE93C7F00, fraction 0x80000000). */
    public static final long T2 = 0xE93C7F00_80000000L;
    /** 2024-01-01T00:00:00.75Z. */
    public static final long T3 = 0xE93C7F00_C0000000L;

    private Tlvs() {
    }

    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Hex of at most the first 64 bytes, for assertion messages. */
    public static String shortHex(byte[] b) {
        return b.length <= 64 ? hex(b) : hex(java.util.Arrays.copyOf(b, 64)) + "...(" + b.length + " bytes)";
    }

    /** One TLV: type, length of {@code value}, value. */
    public static byte[] tlv(int type, int... value) {
        return tlv(type, bytes(value));
    }

    /** One TLV with the given value bytes. */
    public static byte[] tlv(int type, byte[] value) {
        byte[] out = new byte[2 + value.length];
        out[0] = (byte) type;
        out[1] = (byte) value.length;
        System.arraycopy(value, 0, out, 2, value.length);
        return out;
    }

    /** A TLV whose value is {@code n} bytes of {@code fill}. */
    public static byte[] tlvFilled(int type, int n, int fill) {
        byte[] v = new byte[n];
        java.util.Arrays.fill(v, (byte) fill);
        return tlv(type, v);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] long8(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }

    public static byte[] nonceTlv() {
        return tlv(TlvType.NONCE, NONCE);
    }

    public static byte[] t2() {
        return tlv(TlvType.RECEIVE_TIMESTAMP, long8(T2));
    }

    public static byte[] t3() {
        return tlv(TlvType.SEND_TIMESTAMP, long8(T3));
    }

    /** Nonce, T2, T3: the reference implementation's response. */
    public static byte[] minimalResponse() {
        return concat(nonceTlv(), t2(), t3());
    }

    /** Metadata value bytes for alternating keys and values, in the order given. */
    public static byte[] metadataValue(String... kv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String s : kv) {
            byte[] b = utf8(s);
            out.write(b.length);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    /** A Signature Block TLV: algorithm, key id, declared length, signature bytes. */
    public static byte[] signatureTlv(int algorithm, int keyId, int declaredLength, byte[] sig) {
        byte[] v = new byte[7 + sig.length];
        v[0] = (byte) algorithm;
        v[1] = (byte) (keyId >>> 24);
        v[2] = (byte) (keyId >>> 16);
        v[3] = (byte) (keyId >>> 8);
        v[4] = (byte) keyId;
        v[5] = (byte) (declaredLength >>> 8);
        v[6] = (byte) declaredLength;
        System.arraycopy(sig, 0, v, 7, sig.length);
        return tlv(TlvType.SIGNATURE_BLOCK, v);
    }

    /**
     * Reads a golden vector from {@code src/test/resources/vectors/}: hex digits, whitespace ignored, lines
     * starting with '#' are comments.
     */
    public static byte[] vector(String name) {
        try (InputStream in = Tlvs.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /vectors/" + name);
            }
            StringBuilder sb = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.strip().startsWith("#")) {
                    sb.append(line);
                }
            }
            return hex(sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
