package dev.tsq.testing;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A small driver for property tests on plain JUnit 5: runs a check on many generated cases, each from its
 * own seed, so that a failure names the one seed that reproduces it. Seeds are fixed per property unless
 * {@code -Dtsq.prop.seed=<long>} is given; {@code -Dtsq.prop.tries=<factor>} scales the number of tries.
 *
 * <p>(jqwik is not used for these: from 1.10 on its maintainers ask that AI coding agents not use it, and these
 * tests were written by one.)
 */
public final class PropertyRunner {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private PropertyRunner() {
    }

    /** Runs {@code check} {@code tries} times; try {@code i} gets a generator seeded {@code seed + i * GOLDEN}. */
    public static void forAll(String property, long seed, int tries, Consumer<SplittableRandom> check) {
        long base = Long.getLong("tsq.prop.seed", seed);
        double factor = Double.parseDouble(System.getProperty("tsq.prop.tries", "1"));
        int n = Math.max(1, (int) Math.round(tries * factor));
        for (int i = 0; i < n; i++) {
            long s = base + i * GOLDEN;
            try {
                check.accept(new SplittableRandom(s));
            } catch (Throwable t) {
                AssertionError e = new AssertionError(property + " failed on try " + i + " of " + n
                        + " (reproduce with PropertyRunner.once(" + s + "L, ...)): " + t, t);
                throw e;
            }
        }
    }

    /** Runs one try with the given seed (to reproduce a failure). */
    public static void once(long seed, Consumer<SplittableRandom> check) {
        check.accept(new SplittableRandom(seed));
    }
}
