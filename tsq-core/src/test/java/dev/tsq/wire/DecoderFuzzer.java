package dev.tsq.wire;

import static dev.tsq.wire.WireGen.between;

import dev.tsq.wire.WireFormatException.Reason;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Feeds random and mutated messages to {@code decodeRequest}, {@code decodeResponse} and {@code validate}
 * (both directions) and checks, for every input: only {@link WireFormatException} is thrown; validate and
 * decode agree (same acceptance, same reason); an accepted message re-encodes to a value-equal message; no
 * call takes longer than {@link #SLOW_NANOS} (a slow call is re-run to tell a pause of the JVM or host from
 * a real hang). Counts acceptance, reasons and mutation kinds.
 */
final class DecoderFuzzer {
    static final long SLOW_NANOS = 50_000_000L;

    enum Kind { RANDOM_BYTES, RANDOM_TLVS, BYTE_FLIPS, TRUNCATION, INSERTION, DELETION, LENGTH_BYTE, TYPE_BYTE, TLV_SPLICE, CONCAT }

    private static final int[] INTERESTING_TYPES = {0, 1, 2, 3, 4, 17, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255};

    private final SplittableRandom r;
    private final List<byte[]> pool = new ArrayList<>();

    long messages;
    long inputBytes;
    long requestAccepted;
    long requestRejected;
    long responseAccepted;
    long responseRejected;
    long maxCallNanos;
    long slowCallsExplainedByPauses;
    long offsetChecks;
    final Map<Reason, Long> requestReasons = new EnumMap<>(Reason.class);
    final Map<Reason, Long> responseReasons = new EnumMap<>(Reason.class);
    final long[] kinds = new long[Kind.values().length];
    final long[] kindAccepted = new long[Kind.values().length];

    DecoderFuzzer(long seed) {
        this.r = new SplittableRandom(seed);
        SplittableRandom g = r.split();
        for (int i = 0; i < 1024; i++) {
            int k = g.nextInt(20);
            pool.add(k < 8 ? MessageCodec.encode(WireGen.request(g))
                    : k < 17 ? MessageCodec.encode(WireGen.timeResponse(g))
                    : MessageCodec.encode(WireGen.errorResponse(g)));
        }
    }

    /** Generates and checks {@code n} messages. */
    void run(long n) {
        for (long i = 0; i < n; i++) {
            Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
            byte[] m = mutate(kind);
            kinds[kind.ordinal()]++;
            if (check(m, kind)) {
                kindAccepted[kind.ordinal()]++;
            }
        }
    }

    // ------------------------------------------------------------------ generation

    private byte[] valid() {
        return pool.get(r.nextInt(pool.size()));
    }

    byte[] mutate(Kind kind) {
        return switch (kind) {
            case RANDOM_BYTES -> WireGen.bytes(r, between(r, 0, 300));
            case RANDOM_TLVS -> randomTlvs();
            case BYTE_FLIPS -> {
                byte[] m = valid().clone();
                int flips = between(r, 1, 4);
                for (int i = 0; i < flips; i++) {
                    int p = r.nextInt(m.length);
                    m[p] = r.nextBoolean() ? (byte) r.nextInt(256) : (byte) (m[p] ^ (1 << r.nextInt(8)));
                }
                yield m;
            }
            case TRUNCATION -> {
                byte[] m = valid();
                yield Arrays.copyOf(m, r.nextInt(m.length));
            }
            case INSERTION -> {
                byte[] m = valid();
                int at = r.nextInt(m.length + 1);
                byte[] ins = WireGen.bytes(r, between(r, 1, 8));
                yield Tlvs.concat(Arrays.copyOf(m, at), ins, Arrays.copyOfRange(m, at, m.length));
            }
            case DELETION -> {
                byte[] m = valid();
                int at = r.nextInt(m.length);
                int n = Math.min(m.length - at, between(r, 1, 8));
                yield Tlvs.concat(Arrays.copyOf(m, at), Arrays.copyOfRange(m, at + n, m.length));
            }
            case LENGTH_BYTE -> {
                byte[] m = valid().clone();
                int h = header(m);
                int l = m[h + 1] & 0xFF;
                m[h + 1] = (byte) switch (r.nextInt(5)) {
                    case 0 -> l + 1;
                    case 1 -> l - 1;
                    case 2 -> 0;
                    case 3 -> 255;
                    default -> r.nextInt(256);
                };
                yield m;
            }
            case TYPE_BYTE -> {
                byte[] m = valid().clone();
                int h = header(m);
                m[h] = (byte) (r.nextBoolean() ? INTERESTING_TYPES[r.nextInt(INTERESTING_TYPES.length)] : r.nextInt(256));
                yield m;
            }
            case TLV_SPLICE -> splice();
            case CONCAT -> r.nextBoolean() ? Tlvs.concat(valid(), valid()) : Tlvs.concat(valid(), WireGen.bytes(r, between(r, 1, 20)));
        };
    }

    /** Offset of a random TLV header in a valid message. */
    private int header(byte[] m) {
        List<Integer> starts = starts(m);
        return starts.get(r.nextInt(starts.size()));
    }

    private static List<Integer> starts(byte[] m) {
        List<Integer> s = new ArrayList<>();
        int p = 0;
        while (p + 1 < m.length) {
            s.add(p);
            p += 2 + (m[p + 1] & 0xFF);
        }
        return s;
    }

    private static List<byte[]> tlvs(byte[] m) {
        List<byte[]> list = new ArrayList<>();
        List<Integer> s = starts(m);
        for (int i = 0; i < s.size(); i++) {
            int from = s.get(i);
            int to = i + 1 < s.size() ? s.get(i + 1) : m.length;
            list.add(Arrays.copyOfRange(m, from, to));
        }
        return list;
    }

    /** Valid TLVs deleted, duplicated, swapped or borrowed from another message. */
    private byte[] splice() {
        List<byte[]> t = tlvs(valid());
        int ops = between(r, 1, 3);
        for (int i = 0; i < ops; i++) {
            switch (r.nextInt(4)) {
                case 0 -> {
                    if (t.size() > 1) {
                        t.remove(r.nextInt(t.size()));
                    }
                }
                case 1 -> t.add(r.nextInt(t.size() + 1), t.get(r.nextInt(t.size())));
                case 2 -> {
                    int a = r.nextInt(t.size());
                    int b = r.nextInt(t.size());
                    byte[] x = t.get(a);
                    t.set(a, t.get(b));
                    t.set(b, x);
                }
                default -> {
                    List<byte[]> other = tlvs(valid());
                    t.add(r.nextInt(t.size() + 1), other.get(r.nextInt(other.size())));
                }
            }
        }
        return Tlvs.concat(t.toArray(new byte[0][]));
    }

    /** TLV-shaped input: types from the registry and around it, lengths often the expected ones. */
    private byte[] randomTlvs() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (r.nextInt(10) < 8) {
            out.writeBytes(Tlvs.tlv(TlvType.NONCE, WireGen.bytes(r, 16)));
        }
        int n = between(r, 0, 8);
        for (int i = 0; i < n; i++) {
            int type = r.nextInt(4) == 0 ? r.nextInt(256) : INTERESTING_TYPES[r.nextInt(INTERESTING_TYPES.length)];
            int len = switch (type) {
                case 1 -> r.nextInt(4) == 0 ? r.nextInt(20) : 16;
                case 2, 3 -> r.nextInt(4) == 0 ? r.nextInt(12) : 8;
                case 247, 250, 252 -> r.nextInt(4) == 0 ? r.nextInt(3) : 0;
                case 255 -> r.nextBoolean() ? 71 : r.nextBoolean() ? 39 : r.nextInt(80);
                default -> r.nextInt(40);
            };
            byte[] v = switch (type) {
                case 254 -> r.nextInt(4) == 0 ? WireGen.bytes(r, len) : new byte[len];
                case 249 -> Tlvs.concat(new byte[] {(byte) r.nextInt(3), (byte) (r.nextInt(4) == 0 ? 1 : 0)},
                        text(Math.max(0, len - 2)));
                case 248 -> Tlvs.concat(WireGen.bytes(r, Math.min(len, 6)), text(Math.max(0, len - 6)));
                case 251 -> Tlvs.concat(WireGen.bytes(r, Math.min(len, 2)), text(Math.max(0, len - 2)));
                case 253 -> r.nextBoolean() ? metadataValue() : WireGen.bytes(r, len);
                case 255 -> {
                    byte[] s = WireGen.bytes(r, len);
                    if (len >= 7 && r.nextInt(4) != 0) {
                        s[5] = (byte) ((len - 7) >>> 8);
                        s[6] = (byte) (len - 7);
                    }
                    yield s;
                }
                default -> WireGen.bytes(r, len);
            };
            out.writeBytes(Tlvs.tlv(type, v));
        }
        return out.toByteArray();
    }

    private byte[] text(int maxBytes) {
        byte[] b = WireGen.text(r, maxBytes).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (b.length > 0 && r.nextInt(6) == 0) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256); // sometimes broken UTF-8
        }
        return b;
    }

    private byte[] metadataValue() {
        byte[] request = MessageCodec.encode(TimeRequest.builder(new Nonce(0, 0)).metadata(WireGen.metadata(r)).build());
        return Arrays.copyOfRange(request, 18 + 2, request.length);
    }

    // ------------------------------------------------------------------ checking

    private interface Call {
        Object run();
    }

    /** Runs all four calls on {@code m}; true when at least one direction accepted it. */
    boolean check(byte[] m, Kind kind) {
        messages++;
        inputBytes += m.length;
        Object q = call(m, kind, "decodeRequest", () -> MessageCodec.decodeRequest(m));
        Object s = call(m, kind, "decodeResponse", () -> MessageCodec.decodeResponse(m));
        Object vq = call(m, kind, "validate(request)", () -> {
            MessageCodec.validate(m, 0, m.length, false);
            return Boolean.TRUE;
        });
        Object vs = call(m, kind, "validate(response)", () -> {
            MessageCodec.validate(m, 0, m.length, true);
            return Boolean.TRUE;
        });
        agree(m, kind, q, vq, "request");
        agree(m, kind, s, vs, "response");
        if ((messages & 7) == 0) {
            // the same bytes inside a larger buffer: the same outcome, the same message-relative offset
            int before = r.nextInt(9);
            byte[] big = Tlvs.concat(WireGen.bytes(r, before), m, WireGen.bytes(r, r.nextInt(9)));
            agree(m, kind, q, call(m, kind, "validate(request) at offset", () -> {
                MessageCodec.validate(big, before, m.length, false);
                return Boolean.TRUE;
            }), "request at offset " + before);
            agree(m, kind, s, call(m, kind, "validate(response) at offset", () -> {
                MessageCodec.validate(big, before, m.length, true);
                return Boolean.TRUE;
            }), "response at offset " + before);
            offsetChecks++;
        }
        if (q instanceof WireFormatException e) {
            requestRejected++;
            requestReasons.merge(e.reason(), 1L, Long::sum);
        } else {
            requestAccepted++;
            TimeRequest t = (TimeRequest) q;
            expect(t.equals(MessageCodec.decodeRequest(MessageCodec.encode(t))), m, kind, "request does not survive re-encoding");
        }
        if (s instanceof WireFormatException e) {
            responseRejected++;
            responseReasons.merge(e.reason(), 1L, Long::sum);
        } else {
            responseAccepted++;
            Response t = (Response) s;
            expect(t.equals(MessageCodec.decodeResponse(MessageCodec.encode(t))), m, kind, "response does not survive re-encoding");
        }
        return !(q instanceof WireFormatException) || !(s instanceof WireFormatException);
    }

    private Object call(byte[] m, Kind kind, String what, Call c) {
        long t0 = System.nanoTime();
        Object result = invoke(m, kind, what, c);
        long d = System.nanoTime() - t0;
        if (d > maxCallNanos) {
            maxCallNanos = d;
        }
        if (d > SLOW_NANOS) {
            long best = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long a = System.nanoTime();
                invoke(m, kind, what, c);
                best = Math.min(best, System.nanoTime() - a);
            }
            expect(best <= SLOW_NANOS, m, kind, what + " took " + d / 1_000_000 + " ms, and at best " + best / 1_000_000 + " ms on re-runs");
            slowCallsExplainedByPauses++;
        }
        return result;
    }

    private static Object invoke(byte[] m, Kind kind, String what, Call c) {
        try {
            return c.run();
        } catch (WireFormatException e) {
            return e;
        } catch (Throwable t) {
            throw new AssertionError(what + " threw " + t + " on " + kind + " input " + Tlvs.shortHex(m), t);
        }
    }

    private static void agree(byte[] m, Kind kind, Object decoded, Object validated, String dir) {
        if (decoded instanceof WireFormatException d) {
            expect(validated instanceof WireFormatException v && v.reason() == d.reason() && v.offset() == d.offset(), m, kind,
                    dir + ": decode says " + d.getMessage() + ", validate says " + validated);
        } else {
            expect(!(validated instanceof WireFormatException), m, kind, dir + ": decode accepts, validate says " + validated);
        }
    }

    private static void expect(boolean ok, byte[] m, Kind kind, String what) {
        if (!ok) {
            throw new AssertionError(what + " on " + kind + " input " + Tlvs.shortHex(m));
        }
    }

    String report(String title, long nanos) {
        StringBuilder sb = new StringBuilder();
        sb.append(title).append(": ").append(messages).append(" messages (").append(inputBytes).append(" bytes), 4 calls each, in ")
                .append(nanos / 1_000_000).append(" ms = ").append(Math.round(messages / (nanos / 1e9))).append(" messages/s\n");
        sb.append("  decodeRequest:  accepted ").append(requestAccepted).append(", rejected ").append(requestRejected).append('\n');
        sb.append("  decodeResponse: accepted ").append(responseAccepted).append(", rejected ").append(responseRejected).append('\n');
        sb.append("  slowest call ").append(maxCallNanos / 1000).append(" us; calls over ").append(SLOW_NANOS / 1_000_000)
                .append(" ms that were pauses (fast on re-run): ").append(slowCallsExplainedByPauses)
                .append("; also checked at an offset in a larger buffer: ").append(offsetChecks).append('\n');
        sb.append("  by mutation (generated / accepted by either direction):");
        for (Kind k : Kind.values()) {
            sb.append(' ').append(k).append('=').append(kinds[k.ordinal()]).append('/').append(kindAccepted[k.ordinal()]);
        }
        sb.append("\n  request rejections:  ").append(requestReasons);
        sb.append("\n  response rejections: ").append(responseReasons).append('\n');
        return sb.toString();
    }
}
