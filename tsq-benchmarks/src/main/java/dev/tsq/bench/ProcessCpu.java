package dev.tsq.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU accounting of a process from Linux {@code /proc/<pid>/task/<tid>/schedstat}: the nanoseconds its
 * threads ran on a CPU and the nanoseconds they were runnable but waited for one (run-queue delay). Two
 * snapshots give how much CPU a server spent per query, and how much of its time it was kept off a CPU by
 * other load on a shared machine. Empty where {@code /proc} has no schedstat.
 */
public record ProcessCpu(long onCpuNanos, long waitNanos) {

    /** A snapshot of {@code pid}, or null when it cannot be read. */
    public static ProcessCpu of(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long run = 0;
        long wait = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path t : dir) {
                try {
                    long[] v = parse(Files.readString(t.resolve("schedstat")));
                    run += v[0];
                    wait += v[1];
                } catch (IOException | RuntimeException gone) {
                    // the thread exited between listing and reading
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return new ProcessCpu(run, wait);
    }

    /** The first two fields of a schedstat line: on-CPU and run-queue nanoseconds. */
    static long[] parse(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 2) {
            throw new IllegalArgumentException("schedstat: '" + line.trim() + "' (expected: at least 2 numbers)");
        }
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
    }

    /** The difference {@code this - earlier}. */
    public ProcessCpu since(ProcessCpu earlier) {
        return new ProcessCpu(onCpuNanos - earlier.onCpuNanos, waitNanos - earlier.waitNanos);
    }

    /** This process's own snapshot. */
    public static ProcessCpu self() {
        return of(ProcessHandle.current().pid());
    }

    /** The 1-minute load average, or NaN. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
