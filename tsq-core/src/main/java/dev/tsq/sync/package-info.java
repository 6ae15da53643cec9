/**
 * Sans-IO synchronization math: from four timestamps to a {@link dev.tsq.sync.Decision}.
 *
 * <p>Nothing here reads a clock, sleeps, starts a thread or touches the network: timestamps come in
 * as arguments, values and decisions come out. The stages, each a pure function of immutable values:
 *
 * <pre>
 *   T1..T4 ──Sample.measure──▶ Sample | RejectedSample          (draft section 6.6 anomaly checks)
 *   ServerSamples ──SampleFilter.estimate──▶ ServerEstimate     (outliers out, lowest delay wins)
 *   ServerSamples... ──Combiner.combine──▶ Estimate             (interval intersection, majority)
 *   Estimate ──SyncPolicy.decide──▶ Decision                    (none | slew | step | refused)
 * </pre>
 *
 * <p>Units and signs everywhere: times are epoch nanoseconds ({@code long}), durations, offsets and
 * errors are nanoseconds ({@code long}). An offset is {@code server - client}: positive means the
 * servers are ahead, and it is the correction to <em>add</em> to the local clock.
 */
@NullMarked
package dev.tsq.sync;

import org.jspecify.annotations.NullMarked;
