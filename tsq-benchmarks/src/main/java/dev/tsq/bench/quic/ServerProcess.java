package dev.tsq.bench.quic;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link LoadServerMain} in a separate JVM (the same {@code java} and class path as this one) and talks
 * to it over its stdin/stdout. {@link #close()} closes its stdin, then kills it if it has not exited within
 * 3 s; a shutdown hook does the same if this JVM exits first. Extra JVM options for the server (for example
 * a flight recording) come from the environment variable {@code TSQ_BENCH_SERVER_JAVA_OPTS}.
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final Path log;
    private final int port;
    private final X509Certificate certificate;
    private final Thread hook;

    private ServerProcess(Process process, Path log) throws IOException {
        this.process = process;
        this.log = log;
        this.hook = new Thread(this::kill, "tsq-load-server-killer");
        Runtime.getRuntime().addShutdownHook(hook);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        String first;
        try {
            first = readLine(30_000);
        } catch (IOException e) {
            kill();
            throw e;
        }
        Map<String, String> f = parseFields(first, "TSQ-LOAD-SERVER");
        if (f == null || !f.containsKey("port") || !f.containsKey("cert")) {
            String tail = tail();
            kill();
            throw new IOException("server JVM said '" + first + "' (expected: TSQ-LOAD-SERVER port=.. cert=..); its log: "
                    + tail);
        }
        this.port = Integer.parseInt(f.get("port"));
        try {
            this.certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(f.get("cert"))));
        } catch (CertificateException e) {
            kill();
            throw new IOException("server JVM sent an unreadable certificate: " + e.getMessage(), e);
        }
    }

    /** The command line that starts the server JVM. */
    static List<String> command(String javaExecutable, String classPath, String extraOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable);
        String leak = System.getProperty("io.netty.leakDetection.level");
        if (leak != null) {
            cmd.add("-Dio.netty.leakDetection.level=" + leak); // the same Netty settings as the load generator
        }
        if (extraOptions != null && !extraOptions.isBlank()) {
            cmd.addAll(List.of(extraOptions.trim().split("\\s+")));
        }
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(LoadServerMain.class.getName());
        return cmd;
    }

    public static ServerProcess start() throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path log = Files.createTempFile("tsq-bench-server-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command(java, System.getProperty("java.class.path"),
                System.getenv("TSQ_BENCH_SERVER_JAVA_OPTS")))
                .redirectError(log.toFile());
        return new ServerProcess(pb.start(), log);
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public long pid() {
        return process.pid();
    }

    /** The server's counters: {@code datagram}, {@code stream}, {@code rejected}, {@code connections}. */
    public synchronized Map<String, String> counters() throws IOException {
        in.write("counters\n");
        in.flush();
        Map<String, String> f = parseFields(readLine(5_000), "COUNTERS");
        if (f == null) {
            throw new IOException("server JVM did not answer 'counters'; its log: " + tail());
        }
        return f;
    }

    /** {@code PREFIX k=v k=v} as a map, or null when the line does not start with the prefix. */
    static Map<String, String> parseFields(String line, String prefix) {
        if (line == null || !line.startsWith(prefix + " ")) {
            return null;
        }
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String part : line.substring(prefix.length() + 1).trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                m.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return m;
    }

    private String readLine(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!out.ready()) {
            if (!process.isAlive()) {
                throw new IOException("server JVM exited with status " + process.exitValue() + "; its log: " + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("server JVM silent for " + timeoutMillis + " ms; its log: " + tail());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        return out.readLine();
    }

    /** The end of the server's stderr. */
    public String tail() {
        try {
            String s = Files.readString(log);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private synchronized void kill() {
        try {
            in.close(); // the server exits when its stdin closes
        } catch (IOException | RuntimeException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(2, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // harmless
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // shutting down: the hook runs anyway
        }
    }
}
