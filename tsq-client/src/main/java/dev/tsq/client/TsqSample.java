package dev.tsq.client;

import dev.tsq.exchange.TransportMode;
import dev.tsq.sync.Sample;
import dev.tsq.wire.ClockQuality;
import dev.tsq.wire.Metadata;
import dev.tsq.wire.TimeSourceInfo;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One validated TSQ exchange with one server. Times are epoch nanoseconds: T1 and T4 on the client's clock,
 * T2 and T3 on the server's.
 *
 * @param server                the server as configured ({@code host:port})
 * @param remoteAddress         the address the connection went to
 * @param mode                  the transport this exchange used
 * @param alpn                  the connection's negotiated ALPN ({@code tsq} or {@code tsq/1})
 * @param t1                    client time right before the request was written
 * @param t2                    server receive time
 * @param t3                    server send time
 * @param t4                    client time when the response's packet was read
 * @param offsetNanos           server clock minus client clock: ((T2 - T1) + (T3 - T4)) / 2
 * @param delayNanos            round-trip delay: (T4 - T1) - (T3 - T2)
 * @param authenticated         true when the response carried a Signature Block that verified with a trusted key
 * @param precisionAcknowledged true when the server acknowledged Precision Mode (request and response sizes equal)
 * @param requestBytes          request size on the wire
 * @param responseBytes         response size on the wire
 * @param metadata              the server's Metadata, or null when none came back
 * @param clockQuality          the server's Clock Quality Info, or null
 * @param timeSourceInfo        the server's Time Source Info, or null
 */
public record TsqSample(String server, InetSocketAddress remoteAddress, TransportMode mode, String alpn,
                        long t1, long t2, long t3, long t4, long offsetNanos, long delayNanos,
                        boolean authenticated, boolean precisionAcknowledged, int requestBytes, int responseBytes,
                        @Nullable Metadata metadata, @Nullable ClockQuality clockQuality,
                        @Nullable TimeSourceInfo timeSourceInfo) {

    /**
     * The server's Metadata, if it sent any.
     *
     * @return the Metadata, or empty
     */
    public Optional<Metadata> metadataIfPresent() {
        return Optional.ofNullable(metadata);
    }

    /**
     * The server's Clock Quality Info, if it sent one.
     *
     * @return the Clock Quality Info, or empty
     */
    public Optional<ClockQuality> clockQualityIfPresent() {
        return Optional.ofNullable(clockQuality);
    }

    /**
     * The server's Time Source Info, if it sent one.
     *
     * @return the Time Source Info, or empty
     */
    public Optional<TimeSourceInfo> timeSourceInfoIfPresent() {
        return Optional.ofNullable(timeSourceInfo);
    }

    /**
     * This exchange as core's {@link Sample}, for {@link dev.tsq.sync.SampleStats} and the combiner.
     *
     * @return the sample
     */
    public Sample sample() {
        return new Sample(t1, t2, t3, t4, offsetNanos, delayNanos);
    }

    /**
     * Offset in milliseconds (for display).
     *
     * @return the offset, milliseconds
     */
    public double offsetMillis() {
        return offsetNanos / 1e6;
    }

    /**
     * Round-trip delay in milliseconds (for display).
     *
     * @return the delay, milliseconds
     */
    public double delayMillis() {
        return delayNanos / 1e6;
    }
}
