package dev.tsq.engine;

import java.util.List;

/**
 * The whole continuous engine for one clock: one gate, filter and poll scheduler per configured source, the
 * selector, the combiner and the controller. Not thread-safe: a driver calls it from one thread.
 *
 * <p>Driver loop: poll source {@code i} when {@code mono >= nextPollMono(i)} (calling {@link #onPollSent}), hand
 * each answer to {@link #onSample} or {@link #onFailure}, call {@link #onTimer} at {@link #nextTimerMono()}, and
 * execute every returned {@link ClockAction} in order.
 */
public interface SyncEngine {

    /** Creates an engine over these sources (index = position in the list). */
    static SyncEngine create(EngineConfig config, List<SourceConfig> sources, long mono) {
        return new dev.tsq.engine.internal.DefaultSyncEngine(config, sources, mono);
    }

    /** A poll of source {@code source} was sent at {@code mono} (a burst counts each request). */
    void onPollSent(int source, long mono);

    /** A valid sample of source {@code source}. */
    List<ClockAction> onSample(int source, SourceSample sample);

    /** A poll of source {@code source} failed. */
    List<ClockAction> onFailure(int source, FailureKind kind, String detail, long mono);

    /**
     * Time passes: ends slews, grows the error bound, notices a clock changed behind the engine's back
     * ({@code clockNanos} is the disciplined clock's reading at {@code mono}).
     */
    List<ClockAction> onTimer(long mono, long clockNanos);

    /** When source {@code source} is due to be polled next (mono). */
    long nextPollMono(int source);

    /** When {@link #onTimer} is due next (mono). */
    long nextTimerMono();

    /** The status at {@code mono}. */
    EngineStatus status(long mono);

    /** What to write to the drift file now. */
    DriftState driftState();
}
