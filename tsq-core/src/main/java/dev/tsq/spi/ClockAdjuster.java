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
}
