package dev.tsq.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generators of valid message values for property tests and the fuzzer. Every optional field is present in
 * roughly half the cases; sizes are biased toward their edges (0, 1, the maximum, 255/256/257 around TLV
 * boundaries); text covers 1- to 4-byte UTF-8 and the code points at each encoding boundary.
 */
public final class WireGen {
    private static final int[] EDGE_CODE_POINTS = {
        0x00, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x10FFFF, 0x1F600,
    };

    private WireGen() {
    }

    public static int between(SplittableRandom r, int lo, int hiInclusive) {
        return lo + r.nextInt(hiInclusive - lo + 1);
    }

    public static boolean chance(SplittableRandom r, double p) {
        return r.nextDouble() < p;
    }

    public static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** A length in 0..max biased toward 0, 1, max and max-1. */
    public static int size(SplittableRandom r, int max) {
        if (max <= 0) {
            return 0;
        }
        return switch (r.nextInt(8)) {
            case 0 -> 0;
            case 1 -> Math.min(1, max);
            case 2 -> max;
            case 3 -> max - 1;
            case 4, 5 -> between(r, 0, Math.min(max, 16));
            default -> between(r, 0, max);
        };
    }

    public static int codePoint(SplittableRandom r) {
        return switch (r.nextInt(10)) {
            case 0, 1, 2, 3 -> between(r, 0x20, 0x7E);
            case 4 -> between(r, 0x80, 0x7FF);
            case 5, 6 -> {
                int cp = between(r, 0x800, 0xFFFF - 0x800);
                yield cp >= 0xD800 ? cp + 0x800 : cp; // skip the surrogate block
            }
            case 7 -> between(r, 0x10000, 0x10FFFF);
            case 8 -> EDGE_CODE_POINTS[r.nextInt(EDGE_CODE_POINTS.length)];
            default -> between(r, 0, 0x7F);
        };
    }

    /** A string of at most {@code maxBytes} UTF-8 bytes (often exactly filling a random budget). */
    public static String text(SplittableRandom r, int maxBytes) {
        int budget = size(r, maxBytes);
        StringBuilder sb = new StringBuilder();
        int used = 0;
        int misses = 0;
        while (used < budget && misses < 4) {
            int cp = codePoint(r);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (used + n > budget) {
                misses++;
                continue;
            }
            sb.appendCodePoint(cp);
            used += n;
        }
        return sb.toString();
    }

    public static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    public static Metadata metadata(SplittableRandom r) {
        List<Metadata.Entry> entries = new ArrayList<>();
        int remaining = TlvType.MAX_VALUE_BYTES;
        int pairs = between(r, 0, 5);
        for (int i = 0; i < pairs && remaining >= 2; i++) {
            String key = !entries.isEmpty() && chance(r, 0.15)
                    ? entries.get(r.nextInt(entries.size())).key()
                    : text(r, Math.min(remaining - 2, chance(r, 0.7) ? 12 : 255));
            int kb = utf8Length(key);
            if (kb > remaining - 2) {
                break;
            }
            String value = text(r, Math.min(remaining - 2 - kb, chance(r, 0.7) ? 24 : 255));
            entries.add(new Metadata.Entry(key, value));
            remaining -= 2 + kb + utf8Length(value);
        }
        return new Metadata(entries);
    }

    public static ClockQuality clockQuality(SplittableRandom r) {
        return new ClockQuality(between(r, 0, 255), edgeOr(r, 65535), edgeOr(r, 65535), text(r, 249));
    }

    public static TimeSourceInfo timeSourceInfo(SplittableRandom r) {
        return new TimeSourceInfo(between(r, 0, 255), between(r, 0, 255), text(r, 253));
    }

    private static int edgeOr(SplittableRandom r, int max) {
        return switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> max;
            default -> between(r, 0, max);
        };
    }

    public static List<UnknownTlv> unknown(SplittableRandom r) {
        int n = chance(r, 0.5) ? 0 : between(r, 1, 4);
        List<UnknownTlv> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int type = switch (r.nextInt(5)) {
                case 0 -> 4;
                case 1 -> 246;
                default -> between(r, 4, 246);
            };
            list.add(new UnknownTlv(type, bytes(r, size(r, chance(r, 0.8) ? 20 : 255))));
        }
        return list;
    }

    public static int padding(SplittableRandom r) {
        return switch (r.nextInt(10)) {
            case 0, 1, 2, 3 -> 0;
            case 4 -> 2;
            case 5 -> between(r, 256, 260);
            default -> between(r, 2, 600);
        };
    }

    public static SignatureBlock signature(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> new SignatureBlock(SignatureBlock.ED25519, r.nextInt(), bytes(r, 64));
            case 1 -> new SignatureBlock(SignatureBlock.HMAC_SHA256, r.nextInt(), bytes(r, 32));
            default -> new SignatureBlock(between(r, 0, 255), r.nextInt(), bytes(r, size(r, SignatureBlock.MAX_SIGNATURE_BYTES)));
        };
    }

    public static Nonce nonce(SplittableRandom r) {
        return new Nonce(r.nextLong(), r.nextLong());
    }

    public static long ntp(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> 0L;
            case 1 -> -1L;
            case 2 -> Long.MIN_VALUE;
            default -> r.nextLong();
        };
    }

    public static TimeRequest request(SplittableRandom r) {
        return new TimeRequest(nonce(r), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(),
                chance(r, 0.5) ? metadata(r) : null, unknown(r), padding(r));
    }

    public static TimeResponse timeResponse(SplittableRandom r) {
        return new TimeResponse(nonce(r), ntp(r), ntp(r), r.nextBoolean(),
                chance(r, 0.5) ? clockQuality(r) : null,
                chance(r, 0.5) ? timeSourceInfo(r) : null,
                chance(r, 0.5) ? metadata(r) : null,
                unknown(r), padding(r),
                chance(r, 0.5) ? signature(r) : null);
    }

    public static ErrorResponse errorResponse(SplittableRandom r) {
        return new ErrorResponse(new ErrorTlv(between(r, 1, 255), text(r, 253)), chance(r, 0.5) ? signature(r) : null);
    }

    public static Response response(SplittableRandom r) {
        return chance(r, 0.8) ? timeResponse(r) : errorResponse(r);
    }
}
