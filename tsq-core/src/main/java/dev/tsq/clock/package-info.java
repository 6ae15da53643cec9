/**
 * Clocks a driver disciplines in-process: {@link dev.tsq.clock.VirtualClock}, shared by the daemon's
 * {@code virtual} and {@code monitor} modes and by {@code TsqClock}.
 */
package dev.tsq.clock;
