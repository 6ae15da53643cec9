package dev.tsq.engine;

import java.util.List;

/**
 * The system as the engine vouches for it at one instant ({@link SyncEngine#status(long)}).
 *
 * @param offsetNanos the current estimate of (true time − local clock), after corrections already applied
 * @param errorBoundNanos a bound on |true time − local clock| the engine vouches for: the combined estimate's
 *        uncertainty plus what has accrued since (grows in holdover)
 * @param steeringTier the tier whose sources are steering, or null when none is
 * @param lastStepNanos the size of the last step, 0 if none
 * @param lastStepMono when it was issued (mono), or {@code Long.MIN_VALUE}
 */
public record EngineStatus(SyncState state, Tier steeringTier, long offsetNanos, long offsetUncertaintyNanos,
                           long errorBoundNanos, double frequencyPpm, double frequencyUncertaintyPpm, int steps,
                           long lastStepNanos, long lastStepMono, int pollExponent, List<SourceStatus> sources) {
    public EngineStatus {
        sources = List.copyOf(sources);
    }

    /** True in {@link SyncState#SYNCHRONIZED}. */
    public boolean synced() {
        return state == SyncState.SYNCHRONIZED;
    }
}
