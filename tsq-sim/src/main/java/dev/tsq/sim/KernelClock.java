package dev.tsq.sim;

/**
 * The simulated system clock with the Linux/clknetsim adjtimex semantics the engine's driver uses: a frequency
 * (ADJ_FREQUENCY, ±500 ppm), the tick length (ADJ_TICK, 9000–11000 µs at USER_HZ = 100, i.e. ±10 %, 100 ppm per
 * µs), and ADJ_SETOFFSET. A request outside those ranges fails, as on Linux, and is counted. The clock's error
 * relative to true time is kept as a double (s): local = true + error.
 */
final class KernelClock {
    static final double MAX_FREQ_PPM = 500;
    static final int TICK_NOMINAL = 10_000;
    static final int TICK_MIN = 9_000;
    static final int TICK_MAX = 11_000;

    private final Oscillator osc;
    private double error;
    private double freqPpm;
    private int tick = TICK_NOMINAL;
    private int requests;
    private int errors;

    KernelClock(Oscillator osc, double initialError) {
        this.osc = osc;
        this.error = initialError;
    }

    /** The clock's total rate error now, ppm: oscillator + frequency + tick. */
    double rateErrorPpm() {
        return osc.ppm() + freqPpm + (tick - TICK_NOMINAL) * 100.0;
    }

    /** Lets {@code dt} seconds of true time pass at the current rate. */
    void advance(double dt) {
        error += dt * rateErrorPpm() * 1e-6;
    }

    /** local − true, s. */
    double error() {
        return error;
    }

    /** adjtimex(ADJ_FREQUENCY): false (and counted) outside ±500 ppm. */
    boolean adjFrequency(double ppm) {
        requests++;
        if (!(Math.abs(ppm) <= MAX_FREQ_PPM)) {
            errors++;
            return false;
        }
        freqPpm = ppm;
        return true;
    }

    /** adjtimex(ADJ_TICK): false (and counted) outside 9000–11000 µs. */
    boolean adjTick(int us) {
        requests++;
        if (us < TICK_MIN || us > TICK_MAX) {
            errors++;
            return false;
        }
        tick = us;
        return true;
    }

    /** adjtimex(ADJ_SETOFFSET). */
    void setOffset(long nanos) {
        requests++;
        error += nanos * 1e-9;
    }

    /**
     * What a driver does with the engine's SetFrequency: the tick takes whole 100 ppm units beyond ±500 ppm, the
     * frequency the rest (chrony's split). Returns false when the kernel refused a part.
     */
    boolean setTotalFrequency(double ppm) {
        int t = TICK_NOMINAL;
        double f = ppm;
        if (Math.abs(ppm) > MAX_FREQ_PPM) {
            t = TICK_NOMINAL + (int) Math.round(ppm / 100.0);
            f = ppm - (t - TICK_NOMINAL) * 100.0;
        }
        boolean ok = true;
        if (t != tick) {
            ok = adjTick(t);
        }
        return adjFrequency(f) && ok;
    }

    int requests() {
        return requests;
    }

    int errors() {
        return errors;
    }
}
