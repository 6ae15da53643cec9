/**
 * The Linux clock adjuster, found through {@link java.util.ServiceLoader} by
 * {@link dev.tsq.spi.ClockAdjusters#discover()}: {@link dev.tsq.clock.linux.LinuxClockAdjuster} and its
 * {@link dev.tsq.clock.linux.LinuxClockAdjusterProvider}.
 */
@NullMarked
package dev.tsq.clock.linux;

import org.jspecify.annotations.NullMarked;
