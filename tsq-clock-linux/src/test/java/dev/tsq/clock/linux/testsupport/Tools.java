package dev.tsq.clock.linux.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Helpers for tests that look at the real machine: find binaries, run them, parse their output. */
public final class Tools {
    private Tools() {
    }

    /** Output of a finished process. */
    public record Run(int exitCode, String stdout, String stderr) {
    }

    /** Finds an executable on PATH or in the sbin directories (root tools such as capsh and adjtimex live there). */
    public static Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>(Arrays.asList(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        for (String d : dirs) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Runs a command with a 60 s limit and collects its output. */
    public static Run run(String... command) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command));
    }

    /** Runs a prepared process with a 60 s limit and collects its output. */
    public static Run run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + pb.command());
        }
        return new Run(p.exitValue(), out.join(), err.join());
    }

    private static String drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses "key value" lines whose value is an integer. */
    public static Map<String, Long> keyValues(String text) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2) {
                m.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        return m;
    }

    /** Compiles src/test/resources/timex_probe.c with gcc into {@code dir}. */
    public static Path compileTimexProbe(Path gcc, Path dir) throws IOException, InterruptedException {
        Path src = dir.resolve("timex_probe.c");
        try (InputStream in = Tools.class.getResourceAsStream("/timex_probe.c")) {
            if (in == null) {
                throw new IllegalStateException("timex_probe.c missing from test resources");
            }
            Files.copy(in, src);
        }
        Path exe = dir.resolve("timex_probe");
        Run cc = run(gcc.toString(), "-O0", "-Wall", "-o", exe.toString(), src.toString());
        if (cc.exitCode() != 0) {
            throw new IllegalStateException("gcc failed: " + cc.stderr());
        }
        return exe;
    }

    /** The effective, permitted and bounding capability sets of a /proc/PID/status text. */
    public static Map<String, Long> capabilities(String procStatus) {
        Map<String, Long> caps = new LinkedHashMap<>();
        for (String line : procStatus.split("\n")) {
            if (line.startsWith("Cap")) {
                String[] kv = line.split(":\\s*");
                caps.put(kv[0].trim(), Long.parseUnsignedLong(kv[1].trim(), 16));
            }
        }
        return caps;
    }

    /** Linux capability number of CAP_SYS_TIME. */
    public static final int CAP_SYS_TIME = 25;

    /** True when CAP_SYS_TIME is absent from CapEff, CapPrm, CapBnd and CapAmb (all four must be present). */
    public static boolean sysTimeDropped(Map<String, Long> caps) {
        long bit = 1L << CAP_SYS_TIME;
        for (String set : List.of("CapEff", "CapPrm", "CapBnd", "CapAmb")) {
            Long v = caps.get(set);
            if (v == null || (v & bit) != 0) {
                return false;
            }
        }
        return true;
    }

    /** True on Linux when this process's real and effective uid are 0. */
    public static boolean runningAsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f[0].equals("0") && f[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
