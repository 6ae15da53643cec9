package dev.tsq.spi;

import java.time.Duration;

/**
 * How the local clock is corrected. Implementations are found with {@link ClockAdjusters#discover()}
 * ({@link java.util.ServiceLoader} over {@link ClockAdjusterProvider}); {@link ClockAdjusters#dryRun()}
 * gives one that only records what it would have done.
 *
 * <p>Sign convention everywhere in TSQ: a correction is what must be <em>added</em> to the local
 * clock. A measured offset of +250 ms (the servers are ahead) is corrected by {@code step(+250 ms)}.
 */
public interface ClockAdjuster {

    /**
     * A short name for logs and reports, e.g. {@code "linux-adjtimex"} or {@code "dry-run"}.
     *
     * @return the name
     */
    String name();

    /**
     * Corrects the clock gradually (the kernel runs it slightly fast or slow until the correction is
     * absorbed); time never jumps and never runs backwards.
     *
     * @throws ClockPermissionException when the process may not adjust the clock
     * @throws ClockAdjustmentException for any other failure
     * @param correction what to add to the clock (negative: slow it down)
     */
    void slew(Duration correction);

    /**
     * Corrects the clock at once by adding {@code correction} (atomically where the platform allows).
     *
     * @throws ClockPermissionException when the process may not adjust the clock
     * @throws ClockAdjustmentException for any other failure
     * @param correction what to add to the clock (negative: set it back)
     */
    void step(Duration correction);

    /**
     * Reads the kernel's clock discipline state without changing anything.
     *
     * @return the state
     * @throws ClockAdjustmentException when it cannot be read
     */
    ClockStatus status();

    /**
     * The largest correction {@link #slew} accepts, each way, or empty when this adjuster sets no limit. A
     * synchronizer checks its slew threshold against this before measuring, instead of failing after.
     *
     * @return the largest slew, or empty for no limit
     */
    default java.util.Optional<Duration> maxSlew() {
        return java.util.Optional.empty();
    }

    /**
     * True when this adjuster never touches the real clock.
     *
     * @return true for a dry-run adjuster
     */
    default boolean isDryRun() {
        return false;
    }

    // ---- Continuous discipline. Each default throws UnsupportedClockOperationException, so adjusters written
    // ---- before these methods existed keep compiling and say clearly what they cannot do.

    /**
     * The frequency correction the clock runs with now, in ppm (positive: the clock runs fast by that much).
     * Read-only. On Linux this is the whole correction: {@code (tick - 10000) * 100 + freq / 65536} ppm.
     *
     * @throws UnsupportedClockOperationException when this adjuster cannot read the frequency
     */
    default double frequencyPpm() {
        throw new UnsupportedClockOperationException(name(), "frequencyPpm");
    }

    /**
     * Runs the clock with this frequency correction from now on (absolute, not a delta; positive: faster).
     *
     * @return the correction actually applied, after the platform's quantisation (Linux: 2^-16 ppm)
     * @throws IllegalArgumentException when {@code ppm} is not finite or beyond what the platform can apply
     * @throws ClockPermissionException when the process may not adjust the clock
     * @throws UnsupportedClockOperationException when this adjuster cannot set the frequency
     */
    default double setFrequencyPpm(double ppm) {
        throw new UnsupportedClockOperationException(name(), "setFrequencyPpm");
    }

    /**
     * As {@link #step}, and says when the step took effect.
     *
     * @throws ClockPermissionException when the process may not adjust the clock
     * @throws UnsupportedClockOperationException when this adjuster cannot report it
     */
    default ClockStep stepAndReport(Duration correction) {
        throw new UnsupportedClockOperationException(name(), "stepAndReport");
    }

    /**
     * Publishes the discipline status (synchronised or not, estimated and maximum error, leap second).
     *
     * @throws ClockPermissionException when the process may not adjust the clock
     * @throws UnsupportedClockOperationException when this adjuster cannot publish it
     */
    default void setSyncStatus(ClockSyncStatus status) {
        throw new UnsupportedClockOperationException(name(), "setSyncStatus");
    }

    /**
     * Takes the clock's discipline over from the kernel: the kernel PLL/FLL is switched off (with its pending
     * offset zeroed) and any singleshot slew in progress is cancelled, so that from now on only this adjuster's
     * frequency and steps move the clock. The frequency is left as it is.
     *
     * @throws ClockPermissionException when the process may not adjust the clock
     * @throws UnsupportedClockOperationException when this adjuster cannot do it
     */
    default void takeControl() {
        throw new UnsupportedClockOperationException(name(), "takeControl");
    }
}
