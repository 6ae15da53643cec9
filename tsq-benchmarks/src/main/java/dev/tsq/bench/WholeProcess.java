package dev.tsq.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole-process timings of one-shot time tools, spawned round-robin so that every tool sees the same machine:
 * {@code tsq sync} (through the {@code ./tsq} launcher, as a user runs it) beside {@code chronyd -Q} and
 * {@code ntpdig}. Each run is timed from {@link ProcessBuilder#start()} to reaping; a run counts only if it exits 0.
 * One round is discarded first (page cache, the launcher's checks).
 */
public final class WholeProcess {

    /** A tool to spawn: a label and its command line. */
    public record Tool(String name, List<String> command) {
        public Tool {
            command = List.copyOf(command);
        }
    }

    /** What one tool did over the rounds: the wall times of its good runs and their standard output. */
    public record Result(String name, long[] wallNanos, List<String> outputs, int failed, String firstFailure) {
        /** Good runs. */
        public int count() {
            return wallNanos.length;
        }
    }

    private WholeProcess() {}

    /**
     * Runs every tool once per round, in order, for {@code warmupRounds + rounds} rounds, keeping the last
     * {@code rounds}.
     */
    public static List<Result> measure(List<Tool> tools, int warmupRounds, int rounds, long timeoutMillis)
            throws IOException, InterruptedException {
        List<List<Long>> walls = new ArrayList<>();
        List<List<String>> outs = new ArrayList<>();
        int[] failed = new int[tools.size()];
        String[] firstFailure = new String[tools.size()];
        for (int i = 0; i < tools.size(); i++) {
            walls.add(new ArrayList<>());
            outs.add(new ArrayList<>());
        }
        Path err = Files.createTempFile("tsq-bench-proc-", ".err");
        try {
            for (int round = 0; round < warmupRounds + rounds; round++) {
                for (int i = 0; i < tools.size(); i++) {
                    Tool t = tools.get(i);
                    ProcessBuilder pb = new ProcessBuilder(t.command()).redirectError(err.toFile());
                    long start = System.nanoTime();
                    Process p = pb.start();
                    p.getOutputStream().close();
                    byte[] out = p.getInputStream().readAllBytes();
                    boolean done = p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
                    long wall = System.nanoTime() - start;
                    if (!done) {
                        p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                    }
                    String stdout = new String(out, StandardCharsets.UTF_8);
                    String stderr = Files.readString(err, StandardCharsets.UTF_8);
                    if (round < warmupRounds) {
                        continue;
                    }
                    if (done && p.exitValue() == 0) {
                        walls.get(i).add(wall);
                        // chronyd -Q reports on stderr, the others on stdout: keep both for parsing.
                        outs.get(i).add(stdout + "\n" + stderr);
                    } else {
                        failed[i]++;
                        if (firstFailure[i] == null) {
                            firstFailure[i] = (done ? "exit " + p.exitValue() : "timed out") + ": "
                                    + (stderr + stdout).strip().replaceAll("\\s+", " ");
                        }
                    }
                }
            }
        } finally {
            Files.deleteIfExists(err);
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            long[] w = walls.get(i).stream().mapToLong(Long::longValue).toArray();
            results.add(new Result(tools.get(i).name(), w, List.copyOf(outs.get(i)), failed[i], firstFailure[i]));
        }
        return results;
    }

    private static final Pattern CHOSEN = Pattern.compile("\"chosen_offset_ms\":(-?[0-9.eE+-]+)");
    private static final Pattern UNCERTAINTY = Pattern.compile("\"uncertainty_ms\":(-?[0-9.eE+-]+)");
    private static final Pattern CHRONY_WRONG = Pattern.compile("System clock wrong by (-?[0-9.]+) seconds");

    /** The chosen offset of a {@code tsq sync --json} run, in microseconds. */
    public static OptionalDouble tsqChosenOffsetMicros(String output) {
        return millisField(CHOSEN, output);
    }

    /** The uncertainty of a {@code tsq sync --json} run, in microseconds. */
    public static OptionalDouble tsqUncertaintyMicros(String output) {
        return millisField(UNCERTAINTY, output);
    }

    /**
     * The offset {@code chronyd -Q} printed ("System clock wrong by X seconds"), as a correction in microseconds:
     * chronyd reports how wrong the clock is (positive = ahead), TSQ reports what must be added, so the sign flips.
     */
    public static OptionalDouble chronyOffsetMicros(String output) {
        Matcher m = CHRONY_WRONG.matcher(output);
        return m.find() ? OptionalDouble.of(-Double.parseDouble(m.group(1)) * 1e6) : OptionalDouble.empty();
    }

    private static OptionalDouble millisField(Pattern p, String output) {
        Matcher m = p.matcher(output);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1)) * 1e3) : OptionalDouble.empty();
    }

    /** Median of the values (NaN when empty). */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** A compact summary for a table's notes: n, min, median, max in ms. */
    public static String summary(Result r) {
        if (r.count() == 0) {
            return "no good run; failed " + r.failed() + (r.firstFailure() == null ? "" : ": " + r.firstFailure());
        }
        long[] w = r.wallNanos().clone();
        Arrays.sort(w);
        return String.format(Locale.ROOT, "n=%d, failed %d, min %.0f ms, max %.0f ms", w.length, r.failed(),
                w[0] / 1e6, w[w.length - 1] / 1e6);
    }
}
