package dev.tsq.clock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process clock disciplined by the continuous engine: the system clock plus a correction that has an
 * offset and a rate. It needs no privilege and never touches the system clock. Pure: every method takes the
 * system clock's reading ({@code sysNanos}, epoch nanoseconds) and the monotonic time ({@code mono},
 * nanoseconds) as arguments, so tests and the simulator drive it without a real clock.
 *
 * <pre>
 *   reading(sys, mono) = sys + correction(mono)
 *   correction(mono)   = offset_a + (injectedPpm + frequencyPpm) * 1e-6 * (mono - mono_a)
 * </pre>
 * where {@code (offset_a, mono_a)} is the anchor of the last change. {@code injectedPpm} and the initial offset
 * are an error the clock starts with (tests and demos: the engine must learn them); {@code frequencyPpm} is what
 * the engine sets ({@link dev.tsq.engine.ClockAction.SetFrequency}), and {@link #step} adds to the offset.
 *
 * <p>Thread-safe: one thread steers, any number read. {@link #read} is the raw reading (the one the engine's
 * samples are stamped with); {@link #readMonotonic} never returns less than a reading it returned before, so
 * after a backward step readers see the clock stand still until it has caught up.
 */
public final class VirtualClock {
    private static final double MAX_PPM = 100_000;

    private record Anchor(long offsetNanos, long mono, double frequencyPpm) {}

    private final double injectedPpm;
    private volatile Anchor anchor;
    private final AtomicLong lastMonotonic = new AtomicLong(Long.MIN_VALUE);
    private volatile int steps;

    /**
     * @param initialOffsetNanos the correction at {@code mono} (the injected initial error; 0 for none)
     * @param injectedFrequencyPpm the rate the clock runs at against the system clock before any steering
     * @param mono now
     */
    public VirtualClock(long initialOffsetNanos, double injectedFrequencyPpm, long mono) {
        if (!Double.isFinite(injectedFrequencyPpm) || Math.abs(injectedFrequencyPpm) > MAX_PPM) {
            throw new IllegalArgumentException("injectedFrequencyPpm: " + injectedFrequencyPpm
                    + " (expected: finite, |f| <= " + (long) MAX_PPM + ")");
        }
        this.injectedPpm = injectedFrequencyPpm;
        this.anchor = new Anchor(initialOffsetNanos, mono, 0);
    }

    /** A clock that starts equal to the system clock. */
    public static VirtualClock ofSystem(long mono) {
        return new VirtualClock(0, 0, mono);
    }

    /** The correction (this clock minus the system clock) at {@code mono}. */
    public long correctionNanos(long mono) {
        Anchor a = anchor;
        return a.offsetNanos + Math.round((injectedPpm + a.frequencyPpm) * 1e-6 * (mono - a.mono));
    }

    /** The raw reading: {@code sysNanos + correction(mono)}. */
    public long read(long sysNanos, long mono) {
        return sysNanos + correctionNanos(mono);
    }

    /** The reading, never less than one this method returned before. */
    public long readMonotonic(long sysNanos, long mono) {
        long v = read(sysNanos, mono);
        while (true) {
            long last = lastMonotonic.get();
            if (v <= last) {
                return last;
            }
            if (lastMonotonic.compareAndSet(last, v)) {
                return v;
            }
        }
    }

    /** Runs the clock at this frequency correction (ppm, absolute) from {@code mono} on. */
    public synchronized void setFrequency(double ppm, long mono) {
        if (!Double.isFinite(ppm) || Math.abs(ppm) > MAX_PPM) {
            throw new IllegalArgumentException("ppm: " + ppm + " (expected: finite, |f| <= " + (long) MAX_PPM + ")");
        }
        anchor = new Anchor(correctionNanos(mono), mono, ppm);
    }

    /** Adds {@code nanos} to the clock at {@code mono}. */
    public synchronized void step(long nanos, long mono) {
        Anchor a = anchor;
        anchor = new Anchor(Math.addExact(correctionNanos(mono), nanos), mono, a.frequencyPpm);
        steps++;
    }

    /** The frequency correction last set (ppm). */
    public double frequencyPpm() {
        return anchor.frequencyPpm;
    }

    /** The injected rate error (ppm) the clock was created with. */
    public double injectedFrequencyPpm() {
        return injectedPpm;
    }

    /** The rate against the system clock now: injected + correction (ppm); 0 when fully learnt. */
    public double rateAgainstSystemPpm() {
        return injectedPpm + anchor.frequencyPpm;
    }

    /** How many steps were applied. */
    public int steps() {
        return steps;
    }

    @Override
    public String toString() {
        Anchor a = anchor;
        return "VirtualClock[offset " + a.offsetNanos + " ns at " + a.mono + ", frequency " + a.frequencyPpm
                + " ppm, injected " + injectedPpm + " ppm]";
    }
}
