/**
 * The continuous-synchronization engine, sans-IO: per-source gate and filter, selection over all configured
 * sources, combining, the clock controller and the poll scheduler. Every method takes the time as an argument and
 * returns values and {@link dev.tsq.engine.ClockAction}s; a driver (the daemon, {@code TsqClock}, the simulator)
 * executes them. See {@code shared/design/continuous-sync.md}.
 *
 * <p>Two time lines: {@code mono} is a monotonic nanosecond count (System.nanoTime in real drivers, true time in
 * the simulator) used for scheduling and ageing; the clock being disciplined ("local clock", epoch nanoseconds)
 * is what samples' T1/T4 were read from. Sign convention as everywhere in TSQ: an offset is what must be added to
 * the local clock; a positive frequency makes the local clock run faster.
 */
@NullMarked
package dev.tsq.engine;

import org.jspecify.annotations.NullMarked;
