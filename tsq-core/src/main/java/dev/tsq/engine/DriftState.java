package dev.tsq.engine;

import java.util.Locale;

/**
 * What survives a restart: the frequency correction and its uncertainty, in ppm. The driver writes
 * {@link #format()} to the drift file (temp file + rename) and reads it back with {@link #parse(String)}.
 *
 * @param frequencyPpm   the frequency correction, ppm (positive: the clock is made to run faster)
 * @param uncertaintyPpm its uncertainty, ppm, &gt;= 0
 */
public record DriftState(double frequencyPpm, double uncertaintyPpm) {
    /**
     * A drift state.
     *
     * @param frequencyPpm   the frequency correction, ppm (positive: the clock is made to run faster)
     * @param uncertaintyPpm its uncertainty, ppm, &gt;= 0
     * @throws IllegalArgumentException when a value is not finite, |frequency| exceeds 100000 ppm or the uncertainty is negative
     */
    public DriftState {
        if (!Double.isFinite(frequencyPpm) || Math.abs(frequencyPpm) > 100_000) {
            throw new IllegalArgumentException("frequencyPpm: " + frequencyPpm + " (expected: finite, |f| <= 100000)");
        }
        if (!Double.isFinite(uncertaintyPpm) || uncertaintyPpm < 0) {
            throw new IllegalArgumentException("uncertaintyPpm: " + uncertaintyPpm + " (expected: finite, >= 0)");
        }
    }

    /**
     * chrony's drift file format: {@code "freq_ppm skew_ppm\n"}.
     *
     * @return the line
     */
    public String format() {
        return String.format(Locale.ROOT, "%.6f %.6f%n", frequencyPpm, uncertaintyPpm);
    }

    /**
     * Parses {@link #format()}'s output.
     *
     * @param text the drift file's content
     * @return the state
     * @throws IllegalArgumentException when it is not two numbers in range
     */
    public static DriftState parse(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("drift state: \"" + text.trim() + "\" (expected: \"freq_ppm skew_ppm\")");
        }
        try {
            return new DriftState(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("drift state: \"" + text.trim() + "\" (expected: two numbers)", e);
        }
    }
}
