package dev.tsq.spi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A {@link ClockAdjuster} that never touches the clock and records every call it was asked to make. */
public final class DryRunClockAdjuster implements ClockAdjuster {

    /** One recorded request. */
    public record Action(Kind kind, Duration correction) {
        public Action {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(correction, "correction");
        }
    }

    /** What was asked. */
    public enum Kind { SLEW, STEP }

    private final ClockAdjuster statusSource;
    private final List<Action> actions = new ArrayList<>();

    DryRunClockAdjuster(ClockAdjuster statusSource) {
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

    /** Everything this adjuster was asked to do, oldest first. */
    public synchronized List<Action> actions() {
        return List.copyOf(actions);
    }
}
