package dev.tsq.engine;

import dev.tsq.sync.Sample;
import java.util.Objects;

/**
 * One valid measurement of a source handed to the engine.
 *
 * @param sample the four timestamps (local clock for T1/T4) with their offset and delay
 * @param serverErrorNanos what the server says of its own error (root dispersion + root delay / 2, or the
 *        Clock Quality TLV's error); 0 when it said nothing
 * @param mono the monotonic time at which T4 was taken
 */
public record SourceSample(Sample sample, long serverErrorNanos, long mono) {
    /**
     * A sample for the engine.
     *
     * @param sample the four timestamps (local clock for T1/T4) with their offset and delay
     * @param serverErrorNanos what the server says of its own error (root dispersion + root delay / 2, or the
     *        Clock Quality TLV's error); 0 when it said nothing
     * @param mono the monotonic time at which T4 was taken
     * @throws NullPointerException     when {@code sample} is null
     * @throws IllegalArgumentException when {@code serverErrorNanos} is negative
     */
    public SourceSample {
        Objects.requireNonNull(sample, "sample");
        if (serverErrorNanos < 0) {
            throw new IllegalArgumentException("serverErrorNanos: " + serverErrorNanos + " (expected: >= 0)");
        }
    }
}
