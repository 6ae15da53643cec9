package dev.tsq.wire;

import dev.tsq.time.NtpTimestamp;
import java.util.List;
import java.util.Objects;

/**
 * A TSQ time response. On the wire: Nonce, Receive Timestamp, Send Timestamp, then Precision Mode
 * acknowledgment (250), Clock Quality (248), Time Source Info (251), Metadata (253), unknown TLVs,
 * Padding, and the Signature Block last.
 *
 * @param nonce            the request's nonce, echoed
 * @param receiveTimestamp T2, raw NTP bits (see {@link NtpTimestamp})
 * @param sendTimestamp    T3, raw NTP bits
 * @param precisionAck     Precision Mode acknowledgment (250) present
 * @param clockQuality     Clock Quality Info, or {@code null}
 * @param timeSourceInfo   Time Source Info, or {@code null}
 * @param metadata         the server's Metadata, or {@code null}
 * @param unknown          TLVs of unassigned types, kept as received (never null)
 * @param paddingBytes     wire bytes taken by Padding TLVs, headers included: 0, or at least 2
 * @param signature        the Signature Block, or {@code null}
 */
public record TimeResponse(Nonce nonce, long receiveTimestamp, long sendTimestamp, boolean precisionAck,
                           ClockQuality clockQuality, TimeSourceInfo timeSourceInfo, Metadata metadata,
                           List<UnknownTlv> unknown, int paddingBytes, SignatureBlock signature) implements Response {

    public TimeResponse {
        Objects.requireNonNull(nonce, "nonce");
        unknown = List.copyOf(Objects.requireNonNull(unknown, "unknown"));
        Padding.check(paddingBytes);
    }

    /** The bare response the reference servers send: Nonce, T2, T3 (38 bytes: 2+16, 2+8, 2+8). */
    public static TimeResponse of(Nonce nonce, long receiveTimestamp, long sendTimestamp) {
        return new TimeResponse(nonce, receiveTimestamp, sendTimestamp, false, null, null, null, List.of(), 0, null);
    }

    /** T2 as epoch nanoseconds, resolved in the NTP era nearest to {@code pivotEpochNanos} (e.g. T1). */
    public long receiveEpochNanos(long pivotEpochNanos) {
        return NtpTimestamp.epochNanosOf(receiveTimestamp, pivotEpochNanos);
    }

    /** T3 as epoch nanoseconds, resolved in the NTP era nearest to {@code pivotEpochNanos}. */
    public long sendEpochNanos(long pivotEpochNanos) {
        return NtpTimestamp.epochNanosOf(sendTimestamp, pivotEpochNanos);
    }

    /** A copy carrying {@code signature} (null removes it). */
    public TimeResponse withSignature(SignatureBlock signature) {
        return new TimeResponse(nonce, receiveTimestamp, sendTimestamp, precisionAck, clockQuality, timeSourceInfo,
                metadata, unknown, paddingBytes, signature);
    }

    /** A copy with {@code paddingBytes} of padding. */
    public TimeResponse withPadding(int paddingBytes) {
        return new TimeResponse(nonce, receiveTimestamp, sendTimestamp, precisionAck, clockQuality, timeSourceInfo,
                metadata, unknown, paddingBytes, signature);
    }
}
