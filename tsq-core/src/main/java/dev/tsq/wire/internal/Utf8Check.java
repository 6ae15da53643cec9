package dev.tsq.wire.internal;

/** Allocation-free UTF-8 helpers. Internal: not exported. */
public final class Utf8Check {
    private Utf8Check() {
    }

    /** Strict validity (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. */
    public static boolean isValid(byte[] b, int off, int len) {
        int p = off;
        int end = off + len;
        while (p < end) {
            int c = b[p] & 0xFF;
            if (c < 0x80) {
                p++;
                continue;
            }
            int n;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (p + n >= end) {
                return false;
            }
            int cp = c & (0x3F >> n);
            for (int i = 1; i <= n; i++) {
                int cc = b[p + i] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            p += n + 1;
        }
        return true;
    }

    /** The UTF-8 length of {@code s} without encoding it. Unpaired surrogates count as '?' (1 byte), as the JDK encodes them. */
    public static int length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                n += 1;
            } else if (ch < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(ch)) {
                n += 1;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Writes {@code s} as UTF-8 at {@code off}; allocation-free for ASCII. Returns the bytes written. */
    public static int write(String s, byte[] out, int off) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch >= 0x80) {
                byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                System.arraycopy(b, 0, out, off, b.length);
                return b.length;
            }
            out[off + i] = (byte) ch;
        }
        return n;
    }
}
