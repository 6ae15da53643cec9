package dev.tsq.exchange;

import dev.tsq.auth.Signer;
import dev.tsq.time.NtpTimestamp;
import dev.tsq.time.WallClock;
import dev.tsq.wire.ClockQuality;
import dev.tsq.wire.ErrorResponse;
import dev.tsq.wire.ErrorTlv;
import dev.tsq.wire.MessageCodec;
import dev.tsq.wire.Nonce;
import dev.tsq.wire.Metadata;
import dev.tsq.wire.TimeSourceInfo;
import dev.tsq.wire.TlvType;
import dev.tsq.wire.WireFormatException;
import dev.tsq.wire.internal.TlvScanner;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The server's half of an exchange, as pure logic: request bytes, the receive time T2 and a time source in;
 * response bytes, an Error response (streams) or a silent drop (datagrams, draft 6.6) out.
 *
 * <p>The transport stamps T2 when the request's packet arrives and calls {@link #respond}; T3 is read from the
 * clock inside, as the last step before signing, and the transport writes the result right away. The happy
 * path allocates nothing (the optional TLVs are encoded once, when the exchange is built); with a signature,
 * only the JDK's signing allocates. Immutable and thread-safe.
 */
public final class ServerExchange {
    /** Largest request accepted and largest response produced: a response buffer of this size always suffices. */
    public static final int MAX_MESSAGE_BYTES = 2048;
    /** Default largest request accepted (the reference's datagram limit is 1350). */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1350;

    /** Observes outcomes (for counters and logs); every method has a no-op default. */
    public interface Listener {
        /**
         * A request was answered with the time.
         *
         * @param mode the transport it came on
         */
        default void answered(TransportMode mode) {
        }

        /**
         * A request was not answered with the time: it got an Error response (streams) or was dropped (datagrams).
         *
         * @param detail the broken rule or other detail, for logs
         * @param mode   the transport it came on
         * @param reason why
         */
        default void rejected(TransportMode mode, RejectReason reason, String detail) {
        }

        /** A listener that does nothing. */
        Listener NONE = new Listener() {
        };
    }

    private static final ThreadLocal<TlvScanner> SCANNER = ThreadLocal.withInitial(TlvScanner::new);

    private final WallClock clock;
    private final @Nullable Signer signer;
    private final boolean alwaysSign;
    private final boolean precisionMode;
    private final int maxRequestBytes;
    private final Listener listener;
    /** Clock Quality and Time Source Info TLVs, encoded once. */
    private final byte[] optionalTlvs;
    /** Metadata TLV, encoded once; sent only when asked for. */
    private final byte[] metadataTlv;

    private ServerExchange(Builder b) {
        this.clock = b.clock;
        this.signer = b.signer;
        this.alwaysSign = b.alwaysSign;
        this.precisionMode = b.precisionMode;
        this.maxRequestBytes = b.maxRequestBytes;
        this.listener = b.listener;
        this.optionalTlvs = MessageCodec.encodeOptional(b.clockQuality, b.timeSourceInfo, null);
        this.metadataTlv = MessageCodec.encodeOptional(null, null, b.metadata);
    }

    /**
     * A builder with the defaults: the system clock, no signer, Precision Mode on, 1350-byte requests.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The time source of T3 (and, for the transport, of T2).
     *
     * @return the clock
     */
    public WallClock clock() {
        return clock;
    }

    /**
     * Answers one request.
     *
     * @param in           the request bytes
     * @param t2EpochNanos when the request arrived (this server's clock, epoch nanoseconds)
     * @param mode         the transport it came on: malformed stream requests get an Error response,
     *                     malformed datagrams are dropped
     * @param out          where the response goes; {@link #MAX_MESSAGE_BYTES} from {@code outOff} always suffice
     * @return the response length written at {@code outOff}, or 0 to drop silently. Never throws for bad input.
     * @param inOff        where the request starts
     * @param inLen        the request's length
     * @param outOff       where the response goes
     */
    public int respond(byte[] in, int inOff, int inLen, long t2EpochNanos, TransportMode mode, byte[] out, int outOff) {
        return respond(in, inOff, inLen, t2EpochNanos, mode, out, outOff, 0);
    }

    /**
     * Answers one request, with T3 set to the clock's reading plus {@code t3LeadNanos}: the transport's estimate
     * of how long its own send path (the QUIC library framing and sealing the packet, up to the socket write)
     * takes after T3 is read. T3 has to be written before the response is encrypted, so without a lead it is
     * early by that path, the return leg looks longer than the outbound one and every client's offset errs
     * negative by half of it. A transport that measures its own send path (see
     * {@link dev.tsq.internal.SendDelayEstimator}) makes T3 the best estimate of the moment the packet leaves.
     *
     * @param t3LeadNanos added to T3; 0 for the clock's reading (the 7-argument method)
     * @return as {@link #respond(byte[], int, int, long, TransportMode, byte[], int)}
     * @param in           the request bytes
     * @param inOff        where the request starts
     * @param inLen        the request's length
     * @param t2EpochNanos when the request arrived (this server's clock, epoch nanoseconds)
     * @param mode         the transport it came on
     * @param out          where the response goes
     * @param outOff       where the response goes
     */
    public int respond(byte[] in, int inOff, int inLen, long t2EpochNanos, TransportMode mode, byte[] out, int outOff,
                       long t3LeadNanos) {
        if (inLen > maxRequestBytes) {
            return reject(mode, RejectReason.TOO_LARGE, ErrorTlv.REQUEST_TOO_LARGE,
                    "request of " + inLen + " bytes exceeds " + maxRequestBytes, out, outOff);
        }
        TlvScanner s = SCANNER.get();
        try {
            s.scan(in, inOff, inLen, false);
        } catch (WireFormatException e) {
            return reject(mode, RejectReason.MALFORMED, ErrorTlv.MALFORMED_REQUEST, e.getMessage(), out, outOff);
        } catch (RuntimeException e) { // bounds passed by a caller: never let it escape into the transport
            return reject(mode, RejectReason.MALFORMED, ErrorTlv.MALFORMED_REQUEST, "unreadable request: " + e, out, outOff);
        }
        boolean sign = s.signatureRequest || (alwaysSign && signer != null);
        if (sign && signer == null) {
            return reject(mode, RejectReason.SIGNATURE_UNAVAILABLE, ErrorTlv.UNSUPPORTED_TLV,
                    "a signature was requested but this server has no signing key", out, outOff);
        }
        byte[] md = s.metadataQuery ? metadataTlv : null;
        int signatureBytes = sign ? signer.blockLength() : 0;
        int natural = MessageCodec.TIME_RESPONSE_MIN_BYTES + optionalTlvs.length + (md == null ? 0 : md.length) + signatureBytes;
        boolean ack = false;
        int padding = 0;
        if (s.precisionMode && precisionMode) {
            int diff = inLen - (natural + 2);
            if (diff == 0 || diff >= 2) {
                ack = true;
                padding = diff;
            }
        }
        int total = natural + (ack ? 2 : 0) + padding;
        if (outOff < 0 || out.length - outOff < total) {
            return reject(mode, RejectReason.RESPONSE_TOO_LARGE, ErrorTlv.MALFORMED_REQUEST,
                    "response of " + total + " bytes does not fit the output buffer", out, outOff);
        }
        int p = MessageCodec.writeNonce(out, outOff, in, s.nonceOff);
        p = MessageCodec.writeTimestamp(out, p, TlvType.RECEIVE_TIMESTAMP, NtpTimestamp.fromEpochNanos(t2EpochNanos));
        int t3At = p;
        p = MessageCodec.writeTimestamp(out, p, TlvType.SEND_TIMESTAMP, 0L); // rewritten with T3 below
        if (ack) {
            p = MessageCodec.writeFlag(out, p, TlvType.PRECISION_MODE);
        }
        System.arraycopy(optionalTlvs, 0, out, p, optionalTlvs.length);
        p += optionalTlvs.length;
        if (md != null) {
            System.arraycopy(md, 0, out, p, md.length);
            p += md.length;
        }
        p = MessageCodec.writePadding(out, p, padding);
        MessageCodec.writeTimestamp(out, t3At, TlvType.SEND_TIMESTAMP, NtpTimestamp.fromEpochNanos(clock.epochNanos() + t3LeadNanos));
        int len = p - outOff;
        if (sign) {
            len = signer.appendSignature(out, outOff, len);
        }
        listener.answered(mode);
        return len;
    }

    /**
     * The T3 of a time response this class wrote (its responses always start with the nonce, T2 and T3 TLVs),
     * as NTP bits; 0 for anything else (an Error response, or fewer bytes than a time response).
     *
     * @param out    the response
     * @param off    where it starts
     * @param len    its length
     * @return T3's NTP bits, or 0
     */
    public static long sendTimestampBits(byte[] out, int off, int len) {
        if (len < MessageCodec.TIME_RESPONSE_MIN_BYTES || out[off + T3_TLV_OFFSET] != TlvType.SEND_TIMESTAMP) {
            return 0;
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (out[off + T3_TLV_OFFSET + 2 + i] & 0xFF);
        }
        return v;
    }

    /** Where the T3 TLV starts in a time response: after the nonce TLV (18 bytes) and the T2 TLV (10). */
    private static final int T3_TLV_OFFSET = 2 + Nonce.BYTES + 10;

    private int reject(TransportMode mode, RejectReason reason, int code, String detail, byte[] out, int outOff) {
        listener.rejected(mode, reason, detail);
        if (mode == TransportMode.DATAGRAM) {
            return 0;
        }
        return writeError(code, detail, out, outOff);
    }

    /**
     * Writes an Error response (code and a reason phrase cut to fit) at {@code outOff}; returns its length, or 0
     * when it does not fit. For transports that refuse a stream request themselves (e.g. rate limiting).
     *
     * @param code   the error code, 1-255 (see {@link ErrorTlv})
     * @param reason the reason phrase, or null for none
     * @param out    where to write
     * @param outOff the response's first byte
     * @return the response's length, or 0
     */
    public static int writeError(int code, @Nullable String reason, byte[] out, int outOff) {
        String phrase = reason == null ? "" : reason;
        if (phrase.length() > 200) {
            phrase = phrase.substring(0, 200);
        }
        ErrorResponse error = ErrorResponse.of(code, phrase);
        if (outOff < 0 || out.length - outOff < error.encodedLength()) {
            return 0;
        }
        return MessageCodec.encode(error, out, outOff);
    }

    /** Builds a {@link ServerExchange}; each setter checks its argument. */
    public static final class Builder {
        private WallClock clock = WallClock.SYSTEM;
        private @Nullable Signer signer;
        private boolean alwaysSign;
        private boolean precisionMode = true;
        private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private Listener listener = Listener.NONE;
        private @Nullable ClockQuality clockQuality;
        private @Nullable TimeSourceInfo timeSourceInfo;
        private @Nullable Metadata metadata;

        private Builder() {
        }

        /**
         * The time source for T3 (and the one the transport must use for T2); default {@link WallClock#SYSTEM}.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(WallClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Signs responses that ask for it (Signature Request TLV); without a signer such requests are refused.
         *
         * @param signer the signer, or null for none
         * @return this builder
         */
        public Builder signer(@Nullable Signer signer) {
            this.signer = signer;
            return this;
        }

        /**
         * Sign every response, asked or not (default false).
         *
         * @param on whether to sign every response
         * @return this builder
         */
        public Builder alwaysSign(boolean on) {
            this.alwaysSign = on;
            return this;
        }

        /**
         * Acknowledge Precision Mode and pad responses to the request's size (default true).
         *
         * @param on whether to honour Precision Mode requests
         * @return this builder
         */
        public Builder precisionMode(boolean on) {
            this.precisionMode = on;
            return this;
        }

        /**
         * Largest request accepted, 18-2048 bytes (default 1350).
         *
         * @param bytes the limit
         * @return this builder
         * @throws IllegalArgumentException outside 18-2048
         */
        public Builder maxRequestBytes(int bytes) {
            if (bytes < 18 || bytes > MAX_MESSAGE_BYTES) {
                throw new IllegalArgumentException("maxRequestBytes: " + bytes + " (expected: 18-" + MAX_MESSAGE_BYTES + ")");
            }
            this.maxRequestBytes = bytes;
            return this;
        }

        /**
         * Observes every outcome (default {@link Listener#NONE}); called on the transport's thread, so it must not block.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Clock Quality Info sent in every response (null: none).
         *
         * @param clockQuality the TLV's fields, or null
         * @return this builder
         */
        public Builder clockQuality(@Nullable ClockQuality clockQuality) {
            this.clockQuality = clockQuality;
            return this;
        }

        /**
         * Time Source Info sent in every response (null: none).
         *
         * @param timeSourceInfo the TLV's fields, or null
         * @return this builder
         */
        public Builder timeSourceInfo(@Nullable TimeSourceInfo timeSourceInfo) {
            this.timeSourceInfo = timeSourceInfo;
            return this;
        }

        /**
         * Metadata sent to clients that send a Metadata Query (null: none).
         *
         * @param metadata the pairs, or null
         * @return this builder
         */
        public Builder metadata(@Nullable Metadata metadata) {
            this.metadata = metadata;
            return this;
        }

        /**
         * The exchange.
         *
         * @return the exchange
         * @throws IllegalStateException when {@code alwaysSign} is set without a signer
         */
        public ServerExchange build() {
            if (alwaysSign && signer == null) {
                throw new IllegalStateException("alwaysSign: true needs a signer (expected: signer(...))");
            }
            return new ServerExchange(this);
        }
    }
}
