package dev.tsq.daemon;

import dev.tsq.clock.VirtualClock;
import dev.tsq.spi.ClockAdjuster;
import dev.tsq.spi.ClockSyncStatus;
import dev.tsq.spi.UnsupportedClockOperationException;
import dev.tsq.time.WallClock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clock the daemon disciplines, executing the engine's actions: {@code virtual} (an in-process
 * {@link VirtualClock}), {@code monitor} (a shadow virtual clock that nobody reads: the system clock is never
 * steered, and its offset is the shadow's correction plus the engine's estimate) or {@code system} (the
 * platform's {@link ClockAdjuster}).
 */
abstract class DisciplinedClock {
    /** The disciplined clock's reading now (epoch ns): what T1 and T4 are stamped with. */
    abstract long read();

    /** The same reading as a WallClock, for the clients. */
    final WallClock wallClock() {
        return this::read;
    }

    abstract void setFrequency(double ppm, long mono);

    abstract void step(long nanos, long mono);

    /** Publishes the engine's status where the clock has one (the kernel's); a no-op elsewhere. */
    void setStatus(boolean synced, long estimatedErrorNanos, long maxErrorNanos) {
    }

    /** Called from every loop turn (the system clock applies an emulated frequency there). */
    void tick(long mono) {
    }

    /** {@code virtual}, {@code monitor} or {@code system}. */
    abstract String mode();

    /** The disciplined clock minus the system clock, read at one instant; null unless virtual or monitor. */
    Long correctionNanos() {
        return null;
    }

    /** The virtual clock behind this one, or null. */
    VirtualClock virtualClock() {
        return null;
    }

    /** An in-process clock: virtual, or the monitor's shadow. */
    static final class Virtual extends DisciplinedClock {
        private final VirtualClock clock;
        private final boolean monitor;

        Virtual(VirtualClock clock, boolean monitor) {
            this.clock = clock;
            this.monitor = monitor;
        }

        @Override
        long read() {
            long sys = WallClock.SYSTEM.epochNanos();
            return clock.read(sys, System.nanoTime());
        }

        @Override
        void setFrequency(double ppm, long mono) {
            clock.setFrequency(ppm, mono);
        }

        @Override
        void step(long nanos, long mono) {
            clock.step(nanos, mono);
        }

        @Override
        String mode() {
            return monitor ? "monitor" : "virtual";
        }

        @Override
        Long correctionNanos() {
            return clock.correctionNanos(System.nanoTime());
        }

        @Override
        VirtualClock virtualClock() {
            return clock;
        }
    }

    /**
     * The system clock through the {@link ClockAdjuster} SPI's discipline calls: {@link ClockAdjuster#takeControl}
     * once at start (kernel PLL off, singleshot slew cancelled), {@link ClockAdjuster#setFrequencyPpm} for every
     * {@code SetFrequency} (the engine's frequency is absolute: the kernel runs at exactly what the engine asks),
     * {@link ClockAdjuster#step} for a step, {@link ClockAdjuster#setSyncStatus} for the status (STA_UNSYNC,
     * ADJ_ESTERROR, ADJ_MAXERROR). An adjuster without the discipline calls (an
     * {@link UnsupportedClockOperationException}) gets the frequency as a slew of {@code ppm × elapsed} on every
     * loop turn instead, and no status.
     */
    static final class SystemClock extends DisciplinedClock {
        private static final Logger LOG = LoggerFactory.getLogger(SystemClock.class);
        private final ClockAdjuster adjuster;
        private final WallClock wall;
        private boolean emulateFrequency;
        private double ppm;
        private long lastTick;
        private double carry;
        volatile String lastError;

        SystemClock(ClockAdjuster adjuster, long mono) {
            this(adjuster, WallClock.SYSTEM, mono);
        }

        SystemClock(ClockAdjuster adjuster, WallClock wall, long mono) {
            this.adjuster = adjuster;
            this.wall = wall;
            this.lastTick = mono;
            try {
                adjuster.takeControl();
            } catch (UnsupportedClockOperationException e) {
                emulateFrequency = true;
                LOG.warn("{} has no discipline calls ({}); frequency emulated by slews", adjuster.name(),
                        e.getMessage());
            } catch (RuntimeException e) {
                failed("take control of the clock", e);
            }
        }

        @Override
        long read() {
            return wall.epochNanos();
        }

        @Override
        void setFrequency(double ppm, long mono) {
            if (emulateFrequency) {
                tick(mono);
                this.ppm = ppm;
                return;
            }
            try {
                adjuster.setFrequencyPpm(ppm);
                this.ppm = ppm;
            } catch (UnsupportedClockOperationException e) {
                emulateFrequency = true;
                lastTick = mono;
                this.ppm = ppm;
            } catch (RuntimeException e) {
                failed("set the frequency to " + ppm + " ppm", e);
            }
        }

        @Override
        void step(long nanos, long mono) {
            try {
                adjuster.step(Duration.ofNanos(nanos));
            } catch (RuntimeException e) {
                failed("step the clock by " + nanos + " ns", e);
            }
        }

        @Override
        void setStatus(boolean synced, long estimatedErrorNanos, long maxErrorNanos) {
            if (emulateFrequency) {
                return;
            }
            ClockSyncStatus status = new ClockSyncStatus(synced, Duration.ofNanos(Math.max(0, estimatedErrorNanos)),
                    Duration.ofNanos(Math.max(0, maxErrorNanos)), ClockSyncStatus.Leap.NONE);
            try {
                adjuster.setSyncStatus(status);
            } catch (UnsupportedClockOperationException e) {
                // a frequency-capable adjuster without status: the status stays on the socket and metrics only
            } catch (RuntimeException e) {
                failed("set the clock status", e);
            }
        }

        @Override
        void tick(long mono) {
            if (!emulateFrequency) {
                return;
            }
            double due = ppm * 1e-6 * (mono - lastTick) + carry;
            lastTick = mono;
            long whole = Math.round(due); // nearest, not truncated: 1e-4 * 1e9 is 99999.99999... in doubles
            carry = due - whole;
            if (Math.abs(whole) >= 1_000) { // slew in µs-sized pieces at least
                try {
                    adjuster.slew(Duration.ofNanos(whole));
                } catch (RuntimeException e) {
                    failed("slew the clock by " + whole + " ns", e);
                }
            } else {
                carry += whole;
            }
        }

        private void failed(String what, RuntimeException e) {
            lastError = e.getMessage();
            LOG.warn("could not {}: {}", what, e.toString());
        }

        @Override
        String mode() {
            return "system";
        }
    }
}
