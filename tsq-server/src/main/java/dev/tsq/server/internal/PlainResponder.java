package dev.tsq.server.internal;

import dev.tsq.time.NtpTimestamp;
import dev.tsq.time.WallClock;
import dev.tsq.wire.ErrorResponse;
import dev.tsq.wire.ErrorTlv;
import dev.tsq.wire.MessageCodec;
import dev.tsq.wire.Nonce;
import dev.tsq.wire.TlvType;
import dev.tsq.wire.WireFormatException;

/**
 * Interim responder (until core's exchange lands): validates the request and answers Nonce, T2, T3;
 * malformed requests get an Error TLV on streams and nothing on datagrams.
 */
public final class PlainResponder implements Responder {
    private final WallClock clock;
    private final ServerStats stats;
    private final int maxRequestBytes;
    private final byte[] malformed = MessageCodec.encode(ErrorResponse.of(ErrorTlv.MALFORMED_REQUEST, "malformed"));
    private final byte[] tooLarge = MessageCodec.encode(ErrorResponse.of(ErrorTlv.REQUEST_TOO_LARGE, "too large"));

    public PlainResponder(WallClock clock, ServerStats stats, int maxRequestBytes) {
        this.clock = clock;
        this.stats = stats;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public int respond(byte[] in, int off, int len, long t2, boolean datagram, byte[] out, int outOff) {
        byte[] error;
        if (len > maxRequestBytes) {
            stats.rejected(ServerStats.Rejection.TOO_LARGE);
            error = tooLarge;
        } else {
            try {
                MessageCodec.validate(in, off, len, false);
                Nonce nonce = Nonce.read(in, off + 2);
                int p = MessageCodec.writeNonce(out, outOff, nonce);
                p = MessageCodec.writeTimestamp(out, p, TlvType.RECEIVE_TIMESTAMP, NtpTimestamp.fromEpochNanos(t2));
                p = MessageCodec.writeTimestamp(out, p, TlvType.SEND_TIMESTAMP,
                        NtpTimestamp.fromEpochNanos(clock.epochNanos()));
                stats.answered(datagram);
                return p - outOff;
            } catch (WireFormatException e) {
                stats.rejected(ServerStats.Rejection.MALFORMED);
                error = malformed;
            }
        }
        if (datagram) {
            return 0;
        }
        System.arraycopy(error, 0, out, outOff, error.length);
        return error.length;
    }
}
