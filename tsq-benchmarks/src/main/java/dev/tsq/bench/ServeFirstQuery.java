package dev.tsq.bench;

import dev.tsq.client.QueryMode;
import dev.tsq.client.TsqClient;
import dev.tsq.server.TsqServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How ready {@code tsq serve} is when it says so: spawns {@code LAUNCHER serve --self-signed --port 0 --bind
 * 127.0.0.1} (fresh process each round), waits for its {@code listening on HOST:PORT} line and the
 * {@code certificate pin sha256:...} line after it, then at once queries it from this JVM, whose client code is
 * already warm (a few handshakes and queries against an in-process server first).
 *
 * <p>Per round it times:
 * <ul>
 *   <li>ready: {@link ProcessBuilder#start()} to the {@code listening} line;</li>
 *   <li>first: the first handshake + query (default mode, {@link QueryMode#AUTO}: a datagram) on a fresh client,
 *       from {@code connect} to the answer (client construction, which needs the printed pin, is not timed);</li>
 *   <li>second: the same on another fresh client, so a new connection (a second handshake);</li>
 *   <li>stream: the same once more in {@link QueryMode#STREAM}.</li>
 * </ul>
 * Then the server gets SIGTERM (its shutdown hook closes it) and is reaped; a round counts only if every query
 * was answered.
 */
public final class ServeFirstQuery {
    private static final Pattern LISTENING = Pattern.compile("^listening on (.+):([0-9]+)$");
    private static final Pattern PIN = Pattern.compile("^certificate pin (sha256:[0-9a-f]{64})$");

    /** One round's figures, nanoseconds. */
    public record Round(long readyNanos, long firstNanos, long secondNanos, long streamNanos) {}

    /** The good rounds and the failures. */
    public record Result(List<Round> rounds, int failed, String firstFailure) {
        public Result {
            rounds = List.copyOf(rounds);
        }

        public long[] ready() {
            return rounds.stream().mapToLong(Round::readyNanos).toArray();
        }

        public long[] first() {
            return rounds.stream().mapToLong(Round::firstNanos).toArray();
        }

        public long[] second() {
            return rounds.stream().mapToLong(Round::secondNanos).toArray();
        }

        public long[] stream() {
            return rounds.stream().mapToLong(Round::streamNanos).toArray();
        }
    }

    /** The goal: the first query after {@code listening} at most this, milliseconds ("ready means ready"). */
    public static final double GOAL_MS = 50;

    private ServeFirstQuery() {}

    /** Fresh {@code serve} processes measured: 5 with {@code --quick}, else 9 (one more is discarded first). */
    public static int rounds(boolean quick) {
        return quick ? 5 : 9;
    }

    /** The notes of the bench row: what else the rounds showed. */
    public static String summary(Result r) {
        return String.format(java.util.Locale.ROOT, "n=%d fresh `tsq serve`, failed %d; warm in-bench client, pinned;"
                        + " 2nd handshake+query p50 %.1f ms, stream %.1f ms", r.rounds().size(), r.failed(),
                median(r.second()), median(r.stream()))
                + (r.firstFailure() == null ? "" : "; first failure: " + r.firstFailure());
    }

    /**
     * Warms this JVM's client code (against an in-process server), then runs {@code warmupRounds + rounds}
     * fresh {@code serve} processes one after another and keeps the last {@code rounds}.
     *
     * @param launcher       the {@code ./tsq} launcher
     * @param extraArgs      more {@code serve} arguments (may be empty); {@code NAME=VALUE} ones are set in the
     *                       launcher's environment instead (e.g. {@code TSQ_NO_CACHE=1})
     * @param timeoutMillis  bound on each wait (the listening line, each query, the exit)
     */
    public static Result measure(String launcher, List<String> extraArgs, int warmupRounds, int rounds,
                                 long timeoutMillis) throws IOException, InterruptedException {
        warmClient();
        List<Round> good = new ArrayList<>();
        int failed = 0;
        String firstFailure = null;
        for (int i = 0; i < warmupRounds + rounds; i++) {
            try {
                Round r = once(launcher, extraArgs, timeoutMillis);
                if (i >= warmupRounds) {
                    good.add(r);
                }
            } catch (Exception e) {
                if (i >= warmupRounds) {
                    failed++;
                    if (firstFailure == null) {
                        firstFailure = e.toString();
                    }
                }
            }
        }
        return new Result(good, failed, firstFailure);
    }

    /** The client side's classes and JIT: handshakes and queries in both modes against a server in this JVM. */
    static void warmClient() {
        try (TsqServer s = TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned().noRateLimit().build()
                .start()) {
            String pin = "sha256:" + sha256Hex(s.certificateChain().get(0));
            String server = "127.0.0.1:" + s.port();
            for (int i = 0; i < 20; i++) {
                for (QueryMode mode : new QueryMode[] {QueryMode.AUTO, QueryMode.STREAM}) {
                    try (TsqClient c = TsqClient.builder().server(server).pinSha256(pin).mode(mode).build()) {
                        c.query(server, 3);
                    }
                }
            }
        }
    }

    static Round once(String launcher, List<String> extraArgs, long timeoutMillis) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(launcher, "serve", "--self-signed", "--port", "0", "--bind",
                "127.0.0.1"));
        java.util.Map<String, String> env = new java.util.HashMap<>();
        for (String a : extraArgs) {
            if (a.matches("[A-Z][A-Z0-9_]*=.*")) { // NAME=VALUE: environment of the launcher (A/B runs)
                env.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else {
                cmd.add(a);
            }
        }
        Path err = Files.createTempFile("tsq-bench-serve-", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        try {
            p.getOutputStream().close();
            BlockingQueue<String> lines = new ArrayBlockingQueue<>(64);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.offer(line);
                    }
                } catch (IOException ignored) {
                    // the process went away
                }
            }, "tsq-bench-serve-stdout");
            reader.setDaemon(true);
            reader.start();
            String listening = lines.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            long ready = System.nanoTime() - start;
            Matcher l = listening == null ? null : LISTENING.matcher(listening);
            if (l == null || !l.matches()) {
                throw new IOException("serve said '" + listening + "' (expected: listening on HOST:PORT); stderr: "
                        + tail(err));
            }
            String pinLine = lines.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            Matcher m = pinLine == null ? null : PIN.matcher(pinLine);
            if (m == null || !m.matches()) {
                throw new IOException("serve said '" + pinLine + "' (expected: certificate pin sha256:HEX)");
            }
            String server = l.group(1) + ":" + l.group(2);
            String pin = m.group(1);
            long first = timedQuery(server, pin, QueryMode.AUTO, timeoutMillis);
            long second = timedQuery(server, pin, QueryMode.AUTO, timeoutMillis);
            long stream = timedQuery(server, pin, QueryMode.STREAM, timeoutMillis);
            return new Round(ready, first, second, stream);
        } finally {
            p.destroy();
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(err);
        }
    }

    /** A fresh client (not timed), then connect + one query (timed). */
    private static long timedQuery(String server, String pin, QueryMode mode, long timeoutMillis) {
        try (TsqClient c = TsqClient.builder().server(server).pinSha256(pin).mode(mode)
                .connectTimeout(java.time.Duration.ofMillis(timeoutMillis))
                .timeout(java.time.Duration.ofMillis(timeoutMillis)).build()) {
            long t0 = System.nanoTime();
            c.query();
            return System.nanoTime() - t0;
        }
    }

    private static String tail(Path err) {
        try {
            String s = Files.readString(err, StandardCharsets.UTF_8).strip();
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    static String sha256Hex(java.security.cert.X509Certificate cert) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(cert.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * For development: {@code java -cp ... dev.tsq.bench.ServeFirstQuery LAUNCHER ROUNDS [serve args] [// serve
     * args ...]}: each {@code //}-separated argument list is a variant; variants run round-robin (one discarded
     * round first), and each line says what one variant did.
     */
    public static void main(String[] args) throws Exception {
        String launcher = args[0];
        int rounds = Integer.parseInt(args[1]);
        List<List<String>> variants = new ArrayList<>();
        variants.add(new ArrayList<>());
        for (String a : List.of(args).subList(2, args.length)) {
            if (a.equals("//")) {
                variants.add(new ArrayList<>());
            } else {
                variants.get(variants.size() - 1).add(a);
            }
        }
        warmClient();
        List<List<Round>> got = new ArrayList<>();
        variants.forEach(v -> got.add(new ArrayList<>()));
        int[] failed = new int[variants.size()];
        for (int i = 0; i <= rounds; i++) {
            for (int v = 0; v < variants.size(); v++) {
                try {
                    Round r = once(launcher, variants.get(v), 60_000);
                    if (i > 0) {
                        got.get(v).add(r);
                    }
                } catch (Exception e) {
                    failed[v]++;
                    System.err.println(variants.get(v) + ": " + e);
                }
            }
        }
        for (int v = 0; v < variants.size(); v++) {
            Result r = new Result(got.get(v), failed[v], null);
            System.out.printf(java.util.Locale.ROOT, "%-28s median: ready %7.1f ms  first %6.1f ms  second %6.1f ms"
                            + "  stream %6.1f ms  (n=%d, failed %d; first max %.1f)%n", variants.get(v), median(r.ready()),
                    median(r.first()), median(r.second()), median(r.stream()), r.rounds().size(), failed[v],
                    java.util.Arrays.stream(r.first()).max().orElse(0) / 1e6);
        }
        System.exit(0);
    }

    /** Median in milliseconds; NaN when empty. */
    public static double median(long[] nanos) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] s = nanos.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return (n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0) / 1e6;
    }
}
