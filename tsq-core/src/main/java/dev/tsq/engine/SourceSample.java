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

    /** The most {@link #received} takes off the completion time: an older T4 is not believed to be one. */
    public static final long MAX_T4_AGE_NANOS = 5_000_000_000L;

    /**
     * A sample whose {@code mono} is the moment T4 was taken, from a (monotonic, clock) pair read together when the
     * sample was handed over. T4 may be well before that moment: a client that takes T4 from the kernel's receive
     * stamp (tsq-client with tsq-clock-linux) reports when the packet arrived, not when a loaded machine got round to
     * reading it, and pairing that T4 with the hand-over's monotonic time would look to the engine like a clock
     * changed behind its back. The age is {@code clockNow - T4} on the clock that stamped T4; an age below 0 or above
     * {@link #MAX_T4_AGE_NANOS} (that clock stepped in between) is not applied.
     *
     * @param sample           the four timestamps
     * @param serverErrorNanos as the constructor's
     * @param monoNow          {@link System#nanoTime()} (or the driver's monotonic clock) at hand-over
     * @param clockNow         the clock T1/T4 are read from, read together with {@code monoNow}
     * @return the sample, with {@code mono} at T4
     */
    public static SourceSample received(Sample sample, long serverErrorNanos, long monoNow, long clockNow) {
        long age = clockNow - sample.t4();
        long mono = age >= 0 && age <= MAX_T4_AGE_NANOS ? monoNow - age : monoNow;
        return new SourceSample(sample, serverErrorNanos, mono);
    }
}
