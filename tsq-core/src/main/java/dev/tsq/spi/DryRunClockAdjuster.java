package dev.tsq.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A {@link ClockAdjuster} that never touches the clock and records every call it was asked to make. */
public final class DryRunClockAdjuster implements ClockAdjuster {

    /**
     * One recorded request.
     *
     * @param kind       slew or step
     * @param correction the correction asked for
     */
    public record Action(Kind kind, Duration correction) {
        /**
         * A recorded request.
         *
         * @param kind       slew or step
         * @param correction the correction asked for
         * @throws NullPointerException when either is null
         */
        public Action {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(correction, "correction");
        }
    }

    /** What was asked: a slew or a step. */
    public enum Kind {
        /** {@link ClockAdjuster#slew}. */
        SLEW,
        /** {@link ClockAdjuster#step}. */
        STEP
    }

    private final @Nullable ClockAdjuster statusSource;
    private final List<Action> actions = new ArrayList<>();

    DryRunClockAdjuster(@Nullable ClockAdjuster statusSource) {
        this.statusSource = statusSource;
    }

    @Override
    public String name() {
        return "dry-run";
    }

    @Override
    public synchronized void slew(Duration correction) {
        actions.add(new Action(Kind.SLEW, correction));
    }

    @Override
    public synchronized void step(Duration correction) {
        actions.add(new Action(Kind.STEP, correction));
    }

    @Override
    public ClockStatus status() {
        if (statusSource == null) {
            throw new UnsupportedOperationException("dry-run adjuster has no status source");
        }
        return statusSource.status();
    }

    @Override
    public boolean isDryRun() {
        return true;
    }

    /**
     * Everything this adjuster was asked to do, oldest first.
     *
     * @return the recorded requests
     */
    public synchronized List<Action> actions() {
        return List.copyOf(actions);
    }
}
