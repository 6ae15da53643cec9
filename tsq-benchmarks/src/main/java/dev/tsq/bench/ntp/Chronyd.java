package dev.tsq.bench.ntp;

import dev.tsq.ntp.SntpClient;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * chronyd as a local NTP server for comparison, run so that it can never touch this machine's clock:
 * always {@code -x} (no clock control), in the foreground ({@code -d}) as our child process, with a
 * temporary configuration that serves only 127.0.0.1 on a high free port, has no command port and keeps its
 * drift file, pid file and logs in a temporary directory. {@link #close()} (also run from a shutdown hook)
 * kills it and deletes the directory.
 */
public final class Chronyd implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final int port;
    private final Thread hook;

    private Chronyd(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.hook = new Thread(this::kill, "chronyd-killer");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The chronyd executable on the PATH or in /usr/sbin, /usr/local/sbin; empty when not installed. */
    public static Optional<Path> find() {
        return findExecutable("chronyd", "/usr/sbin", "/usr/local/sbin", "/sbin");
    }

    /** An executable {@code name} in a directory of the PATH, else in one of {@code extraDirs}; empty if none. */
    public static Optional<Path> findExecutable(String name, String... extraDirs) {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                if (!d.isEmpty()) {
                    candidates.add(Path.of(d, name));
                }
            }
        }
        for (String d : extraDirs) {
            candidates.add(Path.of(d, name));
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** The configuration file text (tested on its own). */
    public static String config(int port, Path dir) {
        return "# tsq bench: a local NTP server that never touches the clock (chronyd runs with -x)\n"
                + "port " + port + "\n"
                + "bindaddress 127.0.0.1\n"
                + "local stratum 1\n"
                + "allow 127.0.0.1\n"
                + "cmdport 0\n"
                + "driftfile " + dir.resolve("chrony.drift") + "\n"
                + "pidfile " + dir.resolve("chronyd.pid") + "\n"
                + "logdir " + dir + "\n";
    }

    /** The command line: never without {@code -x}. */
    public static List<String> command(Path executable, Path configFile, boolean root) {
        List<String> cmd = new ArrayList<>(List.of(executable.toString(), "-x", "-d", "-f", configFile.toString()));
        if (!root) {
            cmd.add("-U"); // no root check; with -x it needs no capability
        }
        if (!cmd.contains("-x")) {
            throw new AssertionError("chronyd must run with -x");
        }
        return cmd;
    }

    /**
     * Starts chronyd and waits until it answers an SNTP query (at most 5 s).
     *
     * @throws IOException when it cannot be started or does not answer
     */
    public static Chronyd start(Path executable) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return start(executable, freeUdpPort());
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    /**
     * Starts chronyd on 127.0.0.1:{@code port} (e.g. 123 for clients such as ntpdig that cannot be given a port)
     * and waits until it answers (at most 5 s).
     */
    public static Chronyd start(Path executable, int port) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("tsq-bench-chronyd-");
        // chronyd started as root drops to its own user, which must be able to write the drift file.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path conf = dir.resolve("chrony.conf");
        Files.writeString(conf, config(port, dir), StandardCharsets.UTF_8);
        boolean root = "root".equals(System.getProperty("user.name"));
        ProcessBuilder pb = new ProcessBuilder(command(executable, conf, root))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("chronyd.out").toFile());
        Chronyd c = new Chronyd(pb.start(), dir, port);
        try {
            c.awaitAnswer(5_000);
            return c;
        } catch (IOException e) {
            IOException failure = new IOException(e.getMessage() + "; chronyd said: " + c.output(), e);
            c.close();
            throw failure;
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitAnswer(long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try (SntpClient probe = new SntpClient(address(), 100)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("chronyd exited with status " + process.exitValue());
                }
                try {
                    probe.query();
                    return;
                } catch (SocketTimeoutException | java.net.PortUnreachableException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("chronyd did not answer on port " + port + " within " + timeoutMillis
                                + " ms");
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    /** What chronyd wrote (its log goes to the temporary directory). */
    public String output() {
        try {
            return Files.readString(dir.resolve("chronyd.out")).strip();
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static int freeUdpPort() throws IOException {
        // A high port that is free now; chronyd binds it a moment later (retried on a clash).
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                int p = s.getLocalPort();
                if (p >= 20_000) {
                    return p;
                }
            }
        }
        throw new IOException("no free high UDP port on 127.0.0.1");
    }

    private synchronized void kill() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    /** Kills chronyd (SIGTERM, then SIGKILL after 2 s) and removes its temporary directory. */
    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook runs anyway
        }
    }
}
