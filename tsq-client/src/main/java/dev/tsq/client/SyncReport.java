package dev.tsq.client;

import dev.tsq.spi.ClockAdjustmentException;
import dev.tsq.sync.Action;
import dev.tsq.sync.Decision;
import dev.tsq.sync.Estimate;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The result of one {@link Synchronizer#run()}: what was measured, what was decided, what was done, and
 * what remained.
 *
 * @param servers             per-server samples, failures and estimates, in the order given
 * @param estimate            the combined estimate (offset, uncertainty, agreeing servers, spread)
 * @param decision            none, slew, step or refused, with the correction and the reason
 * @param dryRun              true when nothing was to be changed
 * @param adjuster            name of the clock adjuster used (or that would have been used)
 * @param applied             true when the decision was carried out on the clock
 * @param applyError          why applying failed (e.g. missing CAP_SYS_TIME), or null
 * @param residualOffsetNanos the offset measured again after applying; empty when nothing was applied
 * @param measureNanos        time to take the samples (connections included)
 * @param durationNanos       time for the whole sync, re-measurement included
 * @param warnings            what the user should know but did not stop the sync, e.g. two entries that name the
 *                            same server (asked once, one vote)
 */
public record SyncReport(List<ServerReport> servers, Estimate estimate, Decision decision, boolean dryRun,
                          String adjuster, boolean applied, @Nullable ClockAdjustmentException applyError,
                          OptionalLong residualOffsetNanos, long measureNanos, long durationNanos,
                          List<String> warnings) {
    /**
     * A report; the list is copied.
     *
     * @param servers             per-server samples, failures and estimates, in the order given
     * @param estimate            the combined estimate (offset, uncertainty, agreeing servers, spread)
     * @param decision            none, slew, step or refused, with the correction and the reason
     * @param dryRun              true when nothing was to be changed
     * @param adjuster            name of the clock adjuster used (or that would have been used)
     * @param applied             true when the decision was carried out on the clock
     * @param applyError          why applying failed (e.g. missing CAP_SYS_TIME), or null
     * @param residualOffsetNanos the offset measured again after applying; empty when nothing was applied
     * @param measureNanos        time to take the samples (connections included)
     * @param durationNanos       time for the whole sync, re-measurement included
     * @param warnings            what the sync noticed but did not refuse for (duplicate servers, ...)
     */
    public SyncReport {
        servers = List.copyOf(servers);
        warnings = List.copyOf(warnings);
    }

    /** A report without warnings (the constructor before {@code warnings} existed). */
    public SyncReport(List<ServerReport> servers, Estimate estimate, Decision decision, boolean dryRun,
                      String adjuster, boolean applied, ClockAdjustmentException applyError,
                      OptionalLong residualOffsetNanos, long measureNanos, long durationNanos) {
        this(servers, estimate, decision, dryRun, adjuster, applied, applyError, residualOffsetNanos, measureNanos,
                durationNanos, List.of());
    }

    /**
     * The decision's action.
     *
     * @return none, slew, step or refused
     */
    public Action action() {
        return decision.action();
    }

    /**
     * Every sample from every server, in server order.
     *
     * @return the samples
     */
    public List<TsqSample> samples() {
        return servers.stream().flatMap(s -> s.samples().stream()).toList();
    }

    /**
     * True when the sync reached its goal: the clock was (or in dry-run would be) corrected or needed nothing.
     *
     * @return true unless refused or the adjustment failed
     */
    public boolean succeeded() {
        return decision.action() != Action.REFUSED && applyError == null;
    }

    /**
     * True when no server gave a usable sample.
     *
     * @return true when nothing usable came back
     */
    public boolean noUsableSamples() {
        return estimate.status() == Estimate.Status.NO_USABLE_SAMPLES;
    }
}
