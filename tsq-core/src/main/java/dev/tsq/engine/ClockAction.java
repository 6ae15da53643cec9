package dev.tsq.engine;

/** What the controller asks the driver to do to the disciplined clock; executed in the order returned. */
public sealed interface ClockAction {

    /**
     * Run the clock at this frequency correction from now on, in ppm (absolute, not a delta; positive = faster).
     * Includes the temporary part of a running slew; always within the limits the engine was configured with
     * (the kernel's ±500 ppm by default).
     */
    record SetFrequency(double ppm) implements ClockAction {}

    /** Add {@code nanos} to the clock at once (ADJ_SETOFFSET). Only issued under the step policy. */
    record Step(long nanos) implements ClockAction {}

    /**
     * Publish the discipline status (STA_UNSYNC, ADJ_ESTERROR, ADJ_MAXERROR).
     *
     * @param synced false sets STA_UNSYNC
     */
    record SetStatus(boolean synced, long estimatedErrorNanos, long maxErrorNanos) implements ClockAction {}

    /** The offset is beyond the panic limits: the driver must not steer and should stop with a distinct error. */
    record Panic(long offsetNanos, String reason) implements ClockAction {}
}
