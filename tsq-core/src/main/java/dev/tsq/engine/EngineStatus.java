package dev.tsq.engine;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The system as the engine vouches for it at one instant ({@link SyncEngine#status(long)}).
 *
 * @param state the engine's state
 * @param offsetNanos the current estimate of (true time − local clock), after corrections already applied
 * @param offsetUncertaintyNanos the uncertainty of that estimate
 * @param errorBoundNanos a bound on |true time − local clock| the engine vouches for: the combined estimate's
 *        uncertainty plus what has accrued since (grows in holdover)
 * @param steeringTier the tier whose sources are steering, or null when none is
 * @param frequencyPpm the frequency correction now, ppm
 * @param frequencyUncertaintyPpm its uncertainty, ppm
 * @param steps the steps issued since start
 * @param lastStepNanos the size of the last step, 0 if none
 * @param lastStepMono when it was issued (mono), or {@code Long.MIN_VALUE}
 * @param pollExponent the current poll interval, log2 seconds
 * @param sources each source's status, in index order
 */
public record EngineStatus(SyncState state, @Nullable Tier steeringTier, long offsetNanos, long offsetUncertaintyNanos,
                           long errorBoundNanos, double frequencyPpm, double frequencyUncertaintyPpm, int steps,
                           long lastStepNanos, long lastStepMono, int pollExponent, List<SourceStatus> sources) {
    /**
     * A status; the list is copied.
     *
     * @param state the engine's state
     * @param offsetNanos the current estimate of (true time − local clock), after corrections already applied
     * @param offsetUncertaintyNanos the uncertainty of that estimate
     * @param errorBoundNanos a bound on |true time − local clock| the engine vouches for: the combined estimate's
     *        uncertainty plus what has accrued since (grows in holdover)
     * @param steeringTier the tier whose sources are steering, or null when none is
     * @param frequencyPpm the frequency correction now, ppm
     * @param frequencyUncertaintyPpm its uncertainty, ppm
     * @param steps the steps issued since start
     * @param lastStepNanos the size of the last step, 0 if none
     * @param lastStepMono when it was issued (mono), or {@code Long.MIN_VALUE}
     * @param pollExponent the current poll interval, log2 seconds
     * @param sources each source's status, in index order
     */
    public EngineStatus {
        sources = List.copyOf(sources);
    }

    /**
     * True in {@link SyncState#SYNCHRONIZED}.
     *
     * @return true when synchronized
     */
    public boolean synced() {
        return state == SyncState.SYNCHRONIZED;
    }
}
