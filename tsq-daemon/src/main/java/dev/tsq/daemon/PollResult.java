package dev.tsq.daemon;

import dev.tsq.engine.FailureKind;
import dev.tsq.engine.SourceSample;

/** What one poll of a source produced: a sample, or a failure as a value. */
sealed interface PollResult {
    /**
     * A valid sample.
     *
     * @param transport the transport it used ({@code datagram}, {@code stream}, {@code udp})
     * @param alpn the negotiated ALPN, or null (NTP)
     */
    record Ok(SourceSample sample, String transport, String alpn) implements PollResult {}

    /** No sample. */
    record Failed(FailureKind kind, String detail) implements PollResult {}
}
