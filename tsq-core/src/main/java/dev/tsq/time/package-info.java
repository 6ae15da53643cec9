/**
 * Time as TSQ handles it: {@link dev.tsq.time.WallClock}, the one way wall-clock time enters TSQ's algorithms
 * (tests pass fixed or offset clocks), and {@link dev.tsq.time.NtpTimestamp}, the 64-bit NTP timestamps of the
 * wire format and their conversion from and to epoch nanoseconds across NTP eras.
 */
@NullMarked
package dev.tsq.time;

import org.jspecify.annotations.NullMarked;
