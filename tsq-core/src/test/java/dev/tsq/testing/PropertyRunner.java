package dev.tsq.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small driver for property tests on plain JUnit 5: runs a check on many generated cases, each from its
 * own seed, so that a failure names the one seed that reproduces it. Seeds are fixed per property unless
 * {@code -Dtsq.prop.seed=<long>} is given; {@code -Dtsq.prop.tries=<factor>} scales the number of tries.
 *
 * <p>Edge cases are not left to chance: a property checks its fixed edge cases first with {@link #forEach} or
 * {@link #forEachCombination} (every combination of {@link #edges} of its parameters), then random tries with
 * {@link #forAll}, whose generators ({@link #longIn}) still mix in edge values and values near them.
 *
 * <p>A failure of {@link #forAll} names the generated input as well as the seed: every value drawn through
 * {@link #longIn}, {@link #uniform} and {@link #oneOf} during the failing try is listed (in the order drawn), and the
 * {@link #forAll(String, long, int, Function, Consumer)} form, which generates the input first and then checks it,
 * prints the input itself.
 *
 * <p>(jqwik is not used for these: from 1.10 on its maintainers ask that AI coding agents not use it, and these
 * tests were written by one.)
 */
public final class PropertyRunner {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private PropertyRunner() {
    }

    /** The values drawn through this class's generators during the current try, or null outside {@link #forAll}. */
    private static final ThreadLocal<List<Long>> DRAWN = new ThreadLocal<>();

    /**
     * Runs {@code check} {@code tries} times; try {@code i} gets a generator seeded {@code seed + i * GOLDEN}. A
     * failure names the try, the seed that reproduces it and the values drawn through {@link #longIn},
     * {@link #uniform} and {@link #oneOf}.
     */
    public static void forAll(String property, long seed, int tries, Consumer<SplittableRandom> check) {
        long base = Long.getLong("tsq.prop.seed", seed);
        double factor = Double.parseDouble(System.getProperty("tsq.prop.tries", "1"));
        int n = Math.max(1, (int) Math.round(tries * factor));
        List<Long> outer = DRAWN.get();
        try {
            for (int i = 0; i < n; i++) {
                long s = base + i * GOLDEN;
                List<Long> drawn = new ArrayList<>();
                DRAWN.set(drawn);
                try {
                    check.accept(new SplittableRandom(s));
                } catch (Throwable t) {
                    throw new AssertionError(property + " failed on try " + i + " of " + n
                            + " (reproduce with PropertyRunner.once(" + s + "L, ...)); generated " + drawn + ": " + t, t);
                }
            }
        } finally {
            DRAWN.set(outer);
        }
    }

    /**
     * Runs {@code tries} tries that first generate an input with {@code generator} and then {@code check} it; a
     * failure names the try, the seed and the input ({@code toString}, arrays spelled out).
     */
    public static <T> void forAll(String property, long seed, int tries, Function<SplittableRandom, T> generator,
            Consumer<? super T> check) {
        forAll(property, seed, tries, r -> {
            T input = generator.apply(r);
            try {
                check.accept(input);
            } catch (Throwable t) {
                throw new AssertionError("input " + describe(input) + ": " + t, t);
            }
        });
    }

    private static long drawn(long v) {
        List<Long> d = DRAWN.get();
        if (d != null && d.size() < 64) {
            d.add(v);
        }
        return v;
    }

    /** Runs {@code check} on each of {@code cases} in order; a failure names the case. */
    public static <T> void forEach(String property, Iterable<T> cases, Consumer<? super T> check) {
        int i = 0;
        for (T c : cases) {
            try {
                check.accept(c);
            } catch (Throwable t) {
                throw new AssertionError(property + " failed on edge case " + i + ": " + describe(c) + ": " + t, t);
            }
            i++;
        }
    }

    /**
     * Runs {@code check} on every combination of one value from each of {@code values} (their cartesian
     * product, the last parameter varying fastest); the array passed to the check is a fresh copy each time.
     */
    public static void forEachCombination(String property, long[][] values, Consumer<long[]> check) {
        int n = values.length;
        int[] index = new int[n];
        for (long[] v : values) {
            if (v.length == 0) {
                throw new IllegalArgumentException("values: an empty list (expected: at least one value per parameter)");
            }
        }
        while (true) {
            long[] combination = new long[n];
            for (int i = 0; i < n; i++) {
                combination[i] = values[i][index[i]];
            }
            try {
                check.accept(combination.clone());
            } catch (Throwable t) {
                throw new AssertionError(property + " failed on edge case " + Arrays.toString(combination) + ": " + t, t);
            }
            int i = n - 1;
            while (i >= 0 && ++index[i] == values[i].length) {
                index[i] = 0;
                i--;
            }
            if (i < 0) {
                return;
            }
        }
    }

    /**
     * The edge values of [min, max]: min, min + 1, -1, 0, 1, max - 1 and max, those of them in the range,
     * each once, ascending, followed by any {@code extra} values in the range (also each once).
     */
    public static long[] edges(long min, long max, long... extra) {
        checkRange(min, max);
        TreeSet<Long> set = new TreeSet<>();
        for (long v : new long[] {min, min == Long.MAX_VALUE ? min : min + 1, -1, 0, 1,
                max == Long.MIN_VALUE ? max : max - 1, max}) {
            if (v >= min && v <= max) {
                set.add(v);
            }
        }
        for (long v : extra) {
            if (v >= min && v <= max) {
                set.add(v);
            }
        }
        return set.stream().mapToLong(Long::longValue).toArray();
    }

    /** Uniform in [min, max], both inclusive (the whole long range is allowed). */
    public static long uniform(SplittableRandom r, long min, long max) {
        return drawn(uniformRaw(r, min, max));
    }

    private static long uniformRaw(SplittableRandom r, long min, long max) {
        checkRange(min, max);
        if (max != Long.MAX_VALUE) {
            return r.nextLong(min, max + 1);
        }
        if (min != Long.MIN_VALUE) {
            return r.nextLong(min - 1, max) + 1;
        }
        return r.nextLong();
    }

    /**
     * A long in [min, max], both inclusive: one time in eight one of {@link #edges}, one in eight within 1000
     * of an edge, one in eight of small magnitude (a random bit length) next to the value nearest zero, otherwise
     * uniform.
     */
    public static long longIn(SplittableRandom r, long min, long max) {
        return drawn(longInRaw(r, min, max));
    }

    private static long longInRaw(SplittableRandom r, long min, long max) {
        checkRange(min, max);
        switch (r.nextInt(8)) {
            case 0: {
                long[] e = edges(min, max);
                return e[r.nextInt(e.length)];
            }
            case 1: {
                long[] e = edges(min, max);
                return clamp(saturatingAdd(e[r.nextInt(e.length)], r.nextLong(-1000, 1001)), min, max);
            }
            case 2: {
                long target = clamp(0, min, max);
                long magnitude = r.nextLong(1L << r.nextInt(63));
                return clamp(saturatingAdd(target, r.nextBoolean() ? magnitude : -magnitude), min, max);
            }
            default:
                return uniformRaw(r, min, max);
        }
    }

    /** One of {@code values}, uniformly. */
    public static long oneOf(SplittableRandom r, long... values) {
        return drawn(values[r.nextInt(values.length)]);
    }

    private static long saturatingAdd(long a, long b) {
        long s = a + b;
        if (((a ^ s) & (b ^ s)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return s;
    }

    private static long clamp(long v, long min, long max) {
        return Math.max(min, Math.min(max, v));
    }

    private static void checkRange(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("max: " + max + " (expected: >= min " + min + ")");
        }
    }

    private static String describe(Object c) {
        if (c instanceof long[] a) {
            return Arrays.toString(a);
        }
        if (c instanceof Object[] a) {
            return Arrays.deepToString(a);
        }
        return String.valueOf(c);
    }

    /** Runs one try with the given seed (to reproduce a failure). */
    public static void once(long seed, Consumer<SplittableRandom> check) {
        check.accept(new SplittableRandom(seed));
    }
}
