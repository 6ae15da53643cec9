/**
 * How the local clock is corrected: the {@link dev.tsq.spi.ClockAdjuster} interface (slew, step, status), the
 * {@link dev.tsq.spi.ClockAdjusterProvider} service that platform modules such as tsq-clock-linux register, and
 * {@link dev.tsq.spi.ClockAdjusters}, which discovers them or gives a dry-run adjuster that only records.
 */
@NullMarked
package dev.tsq.spi;

import org.jspecify.annotations.NullMarked;
