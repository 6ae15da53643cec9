package dev.tsq.daemon;

import dev.tsq.clock.VirtualClock;
import dev.tsq.spi.ClockAdjuster;
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

    /** Called from every loop turn (the system clock applies its frequency there). */
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
     * The system clock through the {@link ClockAdjuster} SPI. The SPI has no frequency call yet, so a frequency
     * is applied as a slew of {@code ppm × elapsed} on every loop turn (the kernel's single-shot slew absorbs it
     * at up to 500 ppm); a step is {@link ClockAdjuster#step}.
     */
    static final class SystemClock extends DisciplinedClock {
        private static final Logger LOG = LoggerFactory.getLogger(SystemClock.class);
        private final ClockAdjuster adjuster;
        private double ppm;
        private long lastTick;
        private double carry;
        volatile String lastError;

        SystemClock(ClockAdjuster adjuster, long mono) {
            this.adjuster = adjuster;
            this.lastTick = mono;
        }

        @Override
        long read() {
            return WallClock.SYSTEM.epochNanos();
        }

        @Override
        void setFrequency(double ppm, long mono) {
            tick(mono);
            this.ppm = ppm;
        }

        @Override
        void step(long nanos, long mono) {
            try {
                adjuster.step(Duration.ofNanos(nanos));
            } catch (RuntimeException e) {
                lastError = e.getMessage();
                LOG.warn("clock step of {} ns failed: {}", nanos, e.toString());
            }
        }

        @Override
        void tick(long mono) {
            double due = ppm * 1e-6 * (mono - lastTick) + carry;
            lastTick = mono;
            long whole = (long) due;
            carry = due - whole;
            if (Math.abs(whole) >= 1_000) { // slew in µs-sized pieces at least
                try {
                    adjuster.slew(Duration.ofNanos(whole));
                } catch (RuntimeException e) {
                    lastError = e.getMessage();
                    LOG.warn("clock slew of {} ns failed: {}", whole, e.toString());
                }
            } else {
                carry += whole;
            }
        }

        @Override
        String mode() {
            return "system";
        }
    }
}
