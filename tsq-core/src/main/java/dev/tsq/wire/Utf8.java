package dev.tsq.wire;

import java.nio.charset.StandardCharsets;

/** Text field checks for the value types (package helper). Decoding happens only after TlvScanner validated the bytes. */
final class Utf8 {
    private Utf8() {
    }

    /** Checks that {@code s} is representable in UTF-8 within {@code max} bytes; {@code what} names the field. */
    static void check(String s, int max, String what) {
        if (s == null) {
            throw new IllegalArgumentException(what + ": null");
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (!s.equals(new String(b, StandardCharsets.UTF_8))) {
            throw new IllegalArgumentException(what + ": not representable in UTF-8 (unpaired surrogate)");
        }
        if (b.length > max) {
            throw new IllegalArgumentException(what + ": " + b.length + " UTF-8 bytes (expected: at most " + max + ")");
        }
    }

    static String decode(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.UTF_8);
    }
}
