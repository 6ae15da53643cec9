package dev.tsq.wire;

import dev.tsq.time.NtpTimestamp;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
                           @Nullable ClockQuality clockQuality, @Nullable TimeSourceInfo timeSourceInfo,
                           @Nullable Metadata metadata, List<UnknownTlv> unknown, int paddingBytes,
                           @Nullable SignatureBlock signature) implements Response {

    /**
     * A response.
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
     * @throws NullPointerException     when {@code nonce} or {@code unknown} is null
     * @throws IllegalArgumentException when {@code paddingBytes} is 1, negative or beyond the codec's bound
     */
    public TimeResponse {
        Objects.requireNonNull(nonce, "nonce");
        unknown = List.copyOf(Objects.requireNonNull(unknown, "unknown"));
        Padding.check(paddingBytes);
    }

    /**
     * The bare response the reference servers send: Nonce, T2, T3 (38 bytes: 2+16, 2+8, 2+8).
     *
     * @param nonce            the request's nonce
     * @param receiveTimestamp T2, raw NTP bits
     * @param sendTimestamp    T3, raw NTP bits
     * @return the response
     */
    public static TimeResponse of(Nonce nonce, long receiveTimestamp, long sendTimestamp) {
        return new TimeResponse(nonce, receiveTimestamp, sendTimestamp, false, null, null, null, List.of(), 0, null);
    }

    /**
     * T2 as epoch nanoseconds, resolved in the NTP era nearest to {@code pivotEpochNanos} (e.g. T1).
     *
     * @param pivotEpochNanos a time near T2, epoch nanoseconds
     * @return T2, epoch nanoseconds
     */
    public long receiveEpochNanos(long pivotEpochNanos) {
        return NtpTimestamp.epochNanosOf(receiveTimestamp, pivotEpochNanos);
    }

    /**
     * T3 as epoch nanoseconds, resolved in the NTP era nearest to {@code pivotEpochNanos}.
     *
     * @param pivotEpochNanos a time near T3, epoch nanoseconds
     * @return T3, epoch nanoseconds
     */
    public long sendEpochNanos(long pivotEpochNanos) {
        return NtpTimestamp.epochNanosOf(sendTimestamp, pivotEpochNanos);
    }

    /**
     * A copy carrying {@code signature} (null removes it).
     *
     * @param signature the Signature Block, or null
     * @return the copy
     */
    public TimeResponse withSignature(@Nullable SignatureBlock signature) {
        return new TimeResponse(nonce, receiveTimestamp, sendTimestamp, precisionAck, clockQuality, timeSourceInfo,
                metadata, unknown, paddingBytes, signature);
    }

    /**
     * A copy with {@code paddingBytes} of padding.
     *
     * @param paddingBytes wire bytes of Padding TLVs: 0, or at least 2
     * @return the copy
     */
    public TimeResponse withPadding(int paddingBytes) {
        return new TimeResponse(nonce, receiveTimestamp, sendTimestamp, precisionAck, clockQuality, timeSourceInfo,
                metadata, unknown, paddingBytes, signature);
    }
}
