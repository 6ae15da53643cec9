package dev.tsq.spi;

import dev.tsq.time.WallClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ClockAdjuster} that never touches the clock and records every call it was asked to make, including the
 * discipline calls ({@link #setFrequencyPpm}, {@link #stepAndReport}, {@link #setSyncStatus}, {@link #takeControl}).
 * {@link #frequencyPpm()} answers the last frequency it was asked to set (before any: the status source's, or 0).
 */
public final class DryRunClockAdjuster implements ClockAdjuster {

    /**
     * One recorded request.
     *
     * @param kind         what was asked
     * @param correction   the slew or step correction; zero for the other kinds
     * @param frequencyPpm the frequency asked for by {@link Kind#SET_FREQUENCY}; 0 for the other kinds
     * @param syncStatus   the status asked for by {@link Kind#SET_STATUS}; null for the other kinds
     */
    public record Action(Kind kind, Duration correction, double frequencyPpm, @Nullable ClockSyncStatus syncStatus) {
        public Action {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(correction, "correction");
            if ((kind == Kind.SET_STATUS) != (syncStatus != null)) {
                throw new IllegalArgumentException("syncStatus: " + syncStatus + " (expected: set for SET_STATUS only)");
            }
        }

        /** A slew or step. */
        public Action(Kind kind, Duration correction) {
            this(kind, correction, 0.0, null);
        }
    }

    /** What was asked. */
    public enum Kind {
        /** {@link ClockAdjuster#slew}. */
        SLEW,
        /** {@link ClockAdjuster#step} or {@link ClockAdjuster#stepAndReport}. */
        STEP,
        /** {@link ClockAdjuster#setFrequencyPpm}. */
        SET_FREQUENCY,
        /** {@link ClockAdjuster#setSyncStatus}. */
        SET_STATUS,
        /** {@link ClockAdjuster#takeControl}. */
        TAKE_CONTROL
    }

    private final @Nullable ClockAdjuster statusSource;
    private final WallClock wallClock;
    private final List<Action> actions = new ArrayList<>();
    private Double frequency;

    DryRunClockAdjuster(@Nullable ClockAdjuster statusSource) {
        this(statusSource, WallClock.SYSTEM);
    }

    DryRunClockAdjuster(@Nullable ClockAdjuster statusSource, WallClock wallClock) {
        this.statusSource = statusSource;
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
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

    /** Records a {@link Kind#STEP}; the clock is unchanged, so {@code effectiveAt} is the wall clock's reading. */
    @Override
    public synchronized ClockStep stepAndReport(Duration correction) {
        actions.add(new Action(Kind.STEP, correction));
        long now = wallClock.epochNanos();
        return new ClockStep(correction, Instant.ofEpochSecond(Math.floorDiv(now, 1_000_000_000L),
            Math.floorMod(now, 1_000_000_000L)), false);
    }

    /** Records a {@link Kind#SET_FREQUENCY} and answers {@code ppm} unchanged (nothing is quantised). */
    @Override
    public synchronized double setFrequencyPpm(double ppm) {
        if (!Double.isFinite(ppm)) {
            throw new IllegalArgumentException("ppm: " + ppm + " (expected: finite)");
        }
        actions.add(new Action(Kind.SET_FREQUENCY, Duration.ZERO, ppm, null));
        frequency = ppm;
        return ppm;
    }

    @Override
    public synchronized double frequencyPpm() {
        if (frequency != null) {
            return frequency;
        }
        return statusSource == null ? 0.0 : statusSource.frequencyPpm();
    }

    @Override
    public synchronized void setSyncStatus(ClockSyncStatus status) {
        Objects.requireNonNull(status, "status");
        actions.add(new Action(Kind.SET_STATUS, Duration.ZERO, 0.0, status));
    }

    @Override
    public synchronized void takeControl() {
        actions.add(new Action(Kind.TAKE_CONTROL, Duration.ZERO));
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
