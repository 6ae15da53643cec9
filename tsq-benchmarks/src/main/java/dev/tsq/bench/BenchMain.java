package dev.tsq.bench;

import dev.tsq.bench.ntp.Chronyd;
import dev.tsq.bench.ntp.NtpLoad;
import dev.tsq.ntp.SntpClient;
import dev.tsq.bench.quic.ServerProcess;
import dev.tsq.bench.quic.TsqLatency;
import dev.tsq.bench.quic.QuicLoad;
import dev.tsq.client.QueryMode;
import dev.tsq.internal.ReceiveTimestamps;
import dev.tsq.server.TsqServer;
import dev.tsq.sync.Measurement;
import dev.tsq.sync.Sample;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./tsq bench [--quick] [--json]}: one run on loopback that measures and prints one table, the UDP floor,
 * TSQ and (when chronyd is installed) NTP side by side, each line with its goal and PASS or MISS. With
 * {@code --json} the last line of stdout is one JSON object with the same numbers. Progress goes to stderr.
 *
 * <p>What is timed, exactly:
 * <ul>
 *   <li>floor: {@code System.nanoTime()} around {@code DatagramSocket.send} + {@code receive} of 18 bytes,
 *       echoed by a thread of this JVM;</li>
 *   <li>TSQ RTT: T4 - T1 of each sample (client clock; T1 read right before the request is written, T4 when
 *       the response's UDP packet is read), blocking queries one at a time on one connection;</li>
 *   <li>handshake: a blocking {@code connect()} on a fresh client (client construction not timed);</li>
 *   <li>sync: {@code Synchronizer...dryRun(true).build().run()} on a fresh client, 2 servers x 5 queries;</li>
 *   <li>throughput: answers per second to a load generator in this JVM from the server in a separate JVM;</li>
 *   <li>offset error: the offsets of the datagram samples against a server on the same clock (truth 0);</li>
 *   <li>NTP: a Java SNTP client against chronyd ({@code -x}: it never touches the clock), T1/T4 as for TSQ.</li>
 * </ul>
 */
public final class BenchMain {

    /** Command-line options. */
    public record Options(boolean quick, boolean json, boolean help, int loadSeconds) {
        /** Without {@code --load}. */
        public Options(boolean quick, boolean json, boolean help) {
            this(quick, json, help, 0);
        }

        /**
         * Parses {@code --quick}, {@code --json}, {@code --help}/{@code -h}, {@code --load SECONDS} (1-86400: the
         * load bench instead of the table), after an optional leading {@code bench} (the {@code ./tsq} launcher
         * passes its subcommand on).
         *
         * @throws IllegalArgumentException on anything else
         */
        public static Options parse(String... args) {
            boolean quick = false;
            boolean json = false;
            boolean help = false;
            int load = 0;
            int from = args.length > 0 && args[0].equals("bench") ? 1 : 0;
            List<String> rest = java.util.Arrays.asList(args).subList(from, args.length);
            for (int i = 0; i < rest.size(); i++) {
                String a = rest.get(i);
                switch (a) {
                    case "--quick" -> quick = true;
                    case "--json" -> json = true;
                    case "--help", "-h" -> help = true;
                    case "--load" -> {
                        if (i + 1 >= rest.size()) {
                            throw new IllegalArgumentException("--load: missing SECONDS (expected: 1-86400)");
                        }
                        String v = rest.get(++i);
                        try {
                            load = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            load = -1;
                        }
                        if (load < 1 || load > 86_400) {
                            throw new IllegalArgumentException("--load: " + v + " (expected: 1-86400)");
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option: " + a
                            + " (expected: --quick, --json, --load SECONDS, --help)");
                }
            }
            return new Options(quick, json, help, load);
        }
    }

    /**
     * How much each part measures; {@code --quick} keeps the whole run under 3 minutes on 2 cores. The server JVM
     * of the throughput test is warmed up first (its JIT needs 15-20 s of load to reach steady state on this
     * 2-core VM: 2-second windows went 7k, 9k, 11k, 17k, 31k ... 45-56k queries/s), and the in-process client
     * and servers get a few seconds of pipelined queries before anything is recorded.
     */
    public record Sizes(int floorWarmup, int floorCount, int datagramWarmup, int datagramCount, int streamWarmup,
                        int streamCount, int handshakeWarmup, int handshakeCount, int syncWarmup, int syncCount,
                        int ntpWarmup, int ntpCount, int processRounds, long loadWarmupMillis, long loadMeasureMillis,
                        long serverWarmupMillis, long clientWarmupMillis, int codecWarmup, int codecOps) {
        public static Sizes of(boolean quick) {
            return quick
                    ? new Sizes(2_000, 20_000, 2_000, 5_000, 1_000, 3_000, 20, 30, 5, 20, 1_000, 5_000, 12, 1_000,
                            2_000, 15_000, 5_000, 200_000, 1_000_000)
                    : new Sizes(10_000, 100_000, 5_000, 20_000, 2_000, 10_000, 30, 100, 10, 100, 5_000, 20_000, 20,
                            2_000, 5_000, 30_000, 10_000, 500_000, 5_000_000);
        }
    }

    /** Concurrent connections of the throughput test. */
    static final int[] LOAD_CONNECTIONS = {1, 16, 64};
    /** Queries each load connection keeps in flight. */
    static final int LOAD_WINDOW = 16;
    /** Event-loop threads (and UDP sockets) of the load generator, shared by its connections. */
    static final int LOAD_THREADS = 1;
    /** SNTP load: threads (one socket each) and requests in flight per thread. */
    static final int[] NTP_THREADS = {1, 2, 4};
    static final int NTP_WINDOW = 16;

    private final Options options;
    private final Sizes sizes;
    private final PrintStream progress;
    private final Table table = new Table();
    private final Json json = new Json();
    private final List<String> errors = new ArrayList<>();

    // Results the goals compare across rows.
    private double floorP50 = Double.NaN;
    private double ntpQps = Double.NaN;
    /** chronyd's CPU per answered query at its best rate in this run (the anchor of the server CPU goal). */
    private double ntpCpuUs = Double.NaN;

    BenchMain(Options options, PrintStream progress) {
        this.options = options;
        this.sizes = Sizes.of(options.quick());
        this.progress = progress;
    }

    /** Netty's leak detector property; see {@link #main}. */
    public static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs {@code tsq bench} with the given arguments (an optional leading {@code bench} is skipped), printing
     * the table to stdout and progress to stderr; returns the exit status (0 ok, 1 a part failed, 2 usage).
     */
    public static int run(String... args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // Netty's default (SIMPLE) leak detector records a stack trace for a sample of buffers; on the per-query
        // path that costs more than the query itself (see the report of issue 5). A production server runs
        // without it, so the bench does too, in both JVMs, unless told otherwise (-Dio.netty.leakDetection.level=simple
        // in TSQ_JAVA_OPTS measures Netty's default).
        if (System.getProperty(LEAK_DETECTION) == null) {
            System.setProperty(LEAK_DETECTION, "disabled");
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("tsq bench: " + e.getMessage());
            System.err.println(usage());
            return 2;
        }
        if (options.help()) {
            System.out.println(usage());
            return 0;
        }
        if (options.loadSeconds() > 0) {
            int status = LoadBench.run(options.loadSeconds(), options.json(), System.out, System.err);
            System.out.flush();
            return status;
        }
        BenchMain bench = new BenchMain(options, System.err);
        int status = bench.run(System.out);
        System.out.flush();
        return status;
    }

    static String usage() {
        return "usage: tsq bench [--quick] [--json] | tsq bench --load SECONDS [--json]\n"
                + "  Measures on loopback, in one run: the UDP floor, TSQ datagram and stream RTT, handshake, one-shot\n"
                + "  sync, server throughput (server in a separate JVM), offset error, codec allocation; and NTP via\n"
                + "  chronyd (-x, never touches the clock) when chronyd is installed.\n"
                + "  --quick  smaller counts (about a minute); --json  last line of stdout is one JSON object\n"
                + "  --load SECONDS  instead: measure the server's capacity, then drive it at 80% of it for SECONDS and\n"
                + "                  print queries answered, errors (must be 0), latency p50/p99 and the server's RSS";
    }

    /** Runs every part, prints the table (and the JSON line); returns the exit status (1 if a part failed). */
    int run(PrintStream out) {
        long start = System.nanoTime();
        double loadBefore = ProcessCpu.loadAverage();
        json.put("quick", options.quick());
        json.put("netty_leak_detection", System.getProperty(LEAK_DETECTION, "simple"));
        if (part("codec")) {
            codecAllocation();
        }
        if (part("floor")) {
            floor();
        }
        if (part("tsq")) {
            tsqInProcess();
        }
        if (part("ntp")) {
            ntp();
        }
        if (part("process")) {
            wholeProcess();
        }
        if (part("throughput")) {
            throughput();
        }
        if (part("serve")) {
            serveFirstQuery();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (String key : REQUIRED_KEYS) {
            if (!json.has(key)) {
                json.put(key, (String) null);
            }
        }
        double loadAfter = ProcessCpu.loadAverage();
        json.put("duration_s", seconds, 1);
        json.put("loadavg_start", loadBefore, 2).put("loadavg_end", loadAfter, 2);
        json.put("errors", errors.size());

        out.println(header(seconds, loadBefore, loadAfter));
        out.print(table.render());
        for (String e : errors) {
            out.println("error: " + e);
        }
        if (options.json()) {
            out.println(json);
        }
        return errors.isEmpty() ? 0 : 1;
    }

    private String header(double seconds, double loadBefore, double loadAfter) {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "tsq bench%s  %s  %s %s, %d CPUs, Java %s (%s)  %.0f s, load average"
                        + " %.2f -> %.2f%n"
                        + "loopback only, Netty leak detection %s; a shared machine: compare rows of one run, not runs.",
                options.quick() ? " --quick" : "", Instant.now().truncatedTo(ChronoUnit.SECONDS),
                System.getProperty("os.name"), System.getProperty("os.arch"), rt.availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), seconds, loadBefore, loadAfter,
                System.getProperty(LEAK_DETECTION, "simple"));
    }

    /** Required JSON keys, written as null when their part failed. */
    static final List<String> REQUIRED_KEYS = List.of("floor_udp_rtt_p50_us", "datagram_rtt_p50_us",
            "stream_rtt_p50_us", "handshake_p50_us", "sync_p50_ms", "server_qps", "offset_error_p50_us",
            "offset_error_p1_us", "offset_error_p99_us");

    /**
     * For development: {@code TSQ_BENCH_ONLY=process,ntp} runs only those parts (codec, floor, tsq, ntp, process,
     * throughput, serve); unset, everything runs.
     */
    private static boolean part(String name) {
        String only = System.getenv("TSQ_BENCH_ONLY");
        return only == null || only.isBlank() || java.util.Arrays.asList(only.split(",")).contains(name);
    }

    private Goals.Verdict goal(String key, Goals.Verdict v) {
        json.put("goal_" + key, v.label());
        return v;
    }

    private void step(String what) {
        progress.println("tsq bench: " + what + " ...");
        progress.flush();
    }

    private void failed(String part, Throwable e) {
        String msg = part + ": " + e;
        errors.add(msg);
        progress.println("tsq bench: " + msg);
        e.printStackTrace(progress);
    }

    // ------------------------------------------------------------------------------------------ codec

    private void codecAllocation() {
        step("codec allocation (ThreadMXBean, " + sizes.codecOps() + " warm operations each)");
        if (!CodecAllocation.supported()) {
            table.add("codec: bytes allocated per op", "-", "-", "this JVM cannot count allocated bytes", "0 B/op",
                    Goals.Verdict.NOT_MEASURED);
            return;
        }
        try {
            List<CodecAllocation.Result> results = CodecAllocation.measure(sizes.codecWarmup(), sizes.codecOps());
            double max = 0;
            StringBuilder notes = new StringBuilder();
            for (CodecAllocation.Result r : results) {
                max = Math.max(max, r.bytesPerOp());
                if (notes.length() > 0) {
                    notes.append(", ");
                }
                notes.append(r.name()).append(String.format(Locale.ROOT, " %.2f", r.bytesPerOp()));
                json.put("codec_" + r.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "_")
                        .replaceAll("_$", "") + "_bytes_per_op", r.bytesPerOp(), 3);
            }
            json.put("codec_bytes_per_op", max, 3);
            table.add("codec: bytes allocated per op", String.format(Locale.ROOT, "max %.2f", max), "",
                    notes + " (ThreadMXBean, " + sizes.codecOps() + " warm ops each)", "0 B/op",
                    goal("codec_zero_alloc", Goals.zeroAllocation(max)));
        } catch (RuntimeException e) {
            failed("codec allocation", e);
        }
    }

    // ------------------------------------------------------------------------------------------ floor

    private void floor() {
        step("floor: JDK DatagramSocket echo of 18 bytes, " + sizes.floorCount() + " round trips");
        try {
            Percentiles p = Percentiles.of(UdpFloor.measure(sizes.floorWarmup(), sizes.floorCount()));
            floorP50 = p.micros(50);
            json.put("floor_udp_rtt_p50_us", p.micros(50), 1).put("floor_udp_rtt_p99_us", p.micros(99), 1);
            table.add("(a) floor: UDP echo RTT, 18 B", Table.us(p.micros(50)), Table.us(p.micros(99)),
                    "n=" + p.count() + ", JDK DatagramSocket, echo thread in this JVM", "reference", null);
        } catch (Exception e) {
            failed("floor", e);
        }
    }

    // ------------------------------------------------------------------------------------------ TSQ in-process

    private void tsqInProcess() {
        step("TSQ: starting two servers in this JVM");
        List<TsqServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                servers.add(TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned().noRateLimit().build()
                        .start());
            }
        } catch (RuntimeException e) {
            failed("TSQ servers", e);
            servers.forEach(TsqServer::close);
            return;
        }
        try {
            String a = "127.0.0.1:" + servers.get(0).port();
            String b = "127.0.0.1:" + servers.get(1).port();
            List<X509Certificate> trustA = servers.get(0).certificateChain();
            List<X509Certificate> trustBoth = new ArrayList<>(trustA);
            trustBoth.addAll(servers.get(1).certificateChain());
            step("TSQ: warming up client and servers for " + sizes.clientWarmupMillis() + " ms (pipelined queries)");
            try {
                json.put("warmup_queries", TsqLatency.warmUp(a, trustA, sizes.clientWarmupMillis()));
            } catch (InterruptedException | RuntimeException e) {
                failed("TSQ warm-up", e);
            }
            queries(a, trustA, QueryMode.DATAGRAM);
            precisionQueries(a, trustA);
            pipelineStampQueries();
            queries(a, trustA, QueryMode.STREAM);
            handshakes(a, trustA);
            syncs(a, b, trustBoth);
        } finally {
            servers.forEach(TsqServer::close);
        }
    }

    private void queries(String server, List<X509Certificate> trust, QueryMode mode) {
        boolean datagram = mode == QueryMode.DATAGRAM;
        int warmup = datagram ? sizes.datagramWarmup() : sizes.streamWarmup();
        int count = datagram ? sizes.datagramCount() : sizes.streamCount();
        String name = datagram ? "datagram" : "stream";
        step("TSQ " + name + " queries, " + count + " on one connection");
        try {
            TsqLatency.Queries q = TsqLatency.queries(server, trust, mode, warmup, count);
            Percentiles rtt = Percentiles.of(q.rtt(), q.count());
            Percentiles delay = Percentiles.of(q.delay(), q.count());
            Percentiles call = Percentiles.of(q.call(), q.count());
            Percentiles offset = Percentiles.of(q.offset(), q.count());
            Percentiles out = Percentiles.of(q.out(), q.count());
            Percentiles back = Percentiles.of(q.back(), q.count());
            long[] serverNanos = new long[q.count()];
            for (int i = 0; i < q.count(); i++) {
                serverNanos[i] = q.rtt()[i] - q.delay()[i]; // T3 - T2
            }
            Percentiles processing = Percentiles.of(serverNanos);
            if (q.count() == 0) {
                throw new IllegalStateException("no " + name + " query succeeded: " + q.firstFailure());
            }
            double factor = datagram ? Goals.DATAGRAM_FACTOR : Goals.STREAM_FACTOR;
            json.put(name + "_rtt_p50_us", rtt.micros(50), 1).put(name + "_rtt_p99_us", rtt.micros(99), 1)
                    .put(name + "_delay_p50_us", delay.micros(50), 1)
                    .put(name + "_call_p50_us", call.micros(50), 1)
                    .put(name + "_out_p50_us", out.micros(50), 1).put(name + "_back_p50_us", back.micros(50), 1)
                    .put(name + "_server_p50_us", processing.micros(50), 1)
                    .put(name + "_failed", q.failed());
            table.add((datagram ? "(b)" : "(c)") + " TSQ " + name + " query RTT (T4-T1)", Table.us(rtt.micros(50)),
                    Table.us(rtt.micros(99)), String.format(Locale.ROOT,
                            "n=%d, failed %d; p50: T2-T1 %.1f, T3-T2 %.1f, T4-T3 %.1f us; blocking call %.1f us",
                            q.count(), q.failed(), out.micros(50), processing.micros(50), back.micros(50),
                            call.micros(50)),
                    String.format(Locale.ROOT, "<= %.1fx floor (%s)", factor, Table.us(factor * floorP50)),
                    goal(name + "_rtt", Goals.withinFactor(rtt.micros(50), floorP50, factor)));
            if (datagram) {
                offsetRow("(g) TSQ offset error (truth 0)", "offset_error", offset, true);
            } else {
                json.put("stream_offset_error_p50_us", offset.micros(50), 2);
            }
        } catch (RuntimeException e) {
            failed("TSQ " + name + " queries", e);
        }
    }

    /**
     * Datagram queries with Precision Mode on (request padded to the response's size, so both directions carry
     * packets of one size), beside row (g): the offset error against truth 0 and the two directions' p50s.
     */
    private void precisionQueries(String server, List<X509Certificate> trust) {
        step("TSQ datagram queries with Precision Mode, " + sizes.datagramCount() + " on one connection");
        try {
            TsqLatency.Queries q = TsqLatency.queries(server, trust, QueryMode.DATAGRAM, sizes.datagramWarmup(),
                    sizes.datagramCount(), true);
            if (q.count() == 0) {
                throw new IllegalStateException("no precision query succeeded: " + q.firstFailure());
            }
            Percentiles offset = Percentiles.of(q.offset(), q.count());
            Percentiles out = Percentiles.of(q.out(), q.count());
            Percentiles back = Percentiles.of(q.back(), q.count());
            double p1 = offset.micros(1);
            double p50 = offset.micros(50);
            double p99 = offset.micros(99);
            json.put("precision_offset_error_p50_us", p50, 2).put("precision_offset_error_p1_us", p1, 2)
                    .put("precision_offset_error_p99_us", p99, 2).put("precision_out_p50_us", out.micros(50), 1)
                    .put("precision_back_p50_us", back.micros(50), 1);
            table.add("(g2) TSQ offset error, Precision Mode (truth 0)", Table.signedUs(p50), Table.signedUs(p99),
                    String.format(Locale.ROOT, "p1 %+.1f us, n=%d, failed %d; p50 T2-T1 %.1f us, T4-T3 %.1f us",
                            p1, q.count(), q.failed(), out.micros(50), back.micros(50)),
                    "|p50| <= 2 us, p1..p99 in +-15 us", goal("precision_offset_error",
                            Goals.exactOffset(p1, p50, p99)));
        } catch (RuntimeException e) {
            failed("TSQ precision queries", e);
        }
    }

    /**
     * Row (g) again with kernel receive stamps off on both sides (a server and a client built with
     * {@code kernelTimestamps(false)}): T2 and T4 read when the packet reaches the pipeline, as before issue 12.
     * Beside (g), it shows what the kernel stamps remove, in the same run.
     */
    private void pipelineStampQueries() {
        boolean kernel = ReceiveTimestamps.discover() != null;
        json.put("kernel_receive_stamps", kernel);
        step("TSQ datagram queries with pipeline stamps (kernel receive stamps off), " + sizes.datagramCount());
        TsqServer plain = null;
        try {
            plain = TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned().noRateLimit()
                    .kernelTimestamps(false).build().start();
            String server = "127.0.0.1:" + plain.port();
            TsqLatency.Queries q = TsqLatency.queries(server, plain.certificateChain(), QueryMode.DATAGRAM,
                    sizes.datagramWarmup(), sizes.datagramCount(), false, false);
            if (q.count() == 0) {
                throw new IllegalStateException("no query succeeded: " + q.firstFailure());
            }
            Percentiles offset = Percentiles.of(q.offset(), q.count());
            Percentiles out = Percentiles.of(q.out(), q.count());
            Percentiles back = Percentiles.of(q.back(), q.count());
            json.put("pipeline_offset_error_p50_us", offset.micros(50), 2)
                    .put("pipeline_offset_error_p1_us", offset.micros(1), 2)
                    .put("pipeline_offset_error_p99_us", offset.micros(99), 2);
            table.add("(g3) TSQ offset error, pipeline stamps (truth 0)", Table.signedUs(offset.micros(50)),
                    Table.signedUs(offset.micros(99)), String.format(Locale.ROOT,
                            "kernel receive stamps off on both sides (row g: %s); p1 %+.1f us, n=%d;"
                                    + " p50 T2-T1 %.1f us, T4-T3 %.1f us", kernel ? "on" : "not available here",
                            offset.micros(1), q.count(), out.micros(50), back.micros(50)),
                    "comparison", null);
        } catch (RuntimeException e) {
            failed("TSQ pipeline-stamp queries", e);
        } finally {
            if (plain != null) {
                plain.close();
            }
        }
    }

    private void offsetRow(String label, String key, Percentiles offset, boolean goal) {
        double p1 = offset.micros(1);
        double p50 = offset.micros(50);
        double p99 = offset.micros(99);
        json.put(key + "_p50_us", p50, 2).put(key + "_p1_us", p1, 2).put(key + "_p99_us", p99, 2);
        table.add(label, Table.signedUs(p50), Table.signedUs(p99), String.format(Locale.ROOT,
                        "p1 %+.1f us, min %+.1f, max %+.1f us, n=%d", p1, offset.micros(0), offset.micros(100),
                        offset.count()),
                goal ? "|p50| <= 2 us, p1..p99 in +-15 us" : "", goal ? exactOffsetGoal(key, p1, p50, p99) : null);
    }

    /** Issue 12's offset goal for a row (JSON {@code goal_<key>_exact}); issue 5's looser one stays in the JSON. */
    private Goals.Verdict exactOffsetGoal(String key, double p1, double p50, double p99) {
        goal(key, Goals.offset(p1, p50, p99));
        return goal(key + "_exact", Goals.exactOffset(p1, p50, p99));
    }

    private void handshakes(String server, List<X509Certificate> trust) {
        step("TSQ handshakes, " + sizes.handshakeCount() + " new connections");
        try {
            TsqLatency.Handshakes h = TsqLatency.handshakes(server, trust, sizes.handshakeWarmup(),
                    sizes.handshakeCount());
            if (h.count() == 0) {
                throw new IllegalStateException("no handshake succeeded: " + h.firstFailure());
            }
            Percentiles caller = Percentiles.of(h.caller(), h.count());
            Percentiles internal = Percentiles.of(h.internal(), h.count());
            json.put("handshake_p50_us", caller.micros(50), 1).put("handshake_p99_us", caller.micros(99), 1)
                    .put("handshake_quic_p50_us", internal.micros(50), 1).put("handshake_failed", h.failed());
            table.add("(d) TSQ handshake (blocking connect)", Table.us(caller.micros(50)), Table.us(caller.micros(99)),
                    String.format(Locale.ROOT, "n=%d, failed %d, QUIC connect->established p50 %.1f us; client"
                            + " construction not timed", h.count(), h.failed(), internal.micros(50)), "p50 <= 1 ms",
                    goal("handshake", Goals.atMost(caller.micros(50), Goals.HANDSHAKE_P50_US)));
        } catch (RuntimeException e) {
            failed("TSQ handshakes", e);
        }
        step("TSQ resumed handshakes, " + sizes.handshakeCount() + " reconnections of one client");
        try {
            TsqLatency.ResumedHandshakes r = TsqLatency.resumedHandshakes(server, trust, sizes.handshakeWarmup(),
                    sizes.handshakeCount());
            json.put("handshake_resumed_count", r.count()).put("handshake_resumed_full", r.full())
                    .put("handshake_resumed_failed", r.failed());
            if (r.count() == 0) {
                throw new IllegalStateException("no handshake resumed (" + r.full() + " full, " + r.failed()
                        + " failed" + (r.firstFailure() == null ? "" : ": " + r.firstFailure()) + ")");
            }
            Percentiles caller = Percentiles.of(r.caller(), r.count());
            Percentiles internal = Percentiles.of(r.internal(), r.count());
            json.put("handshake_resumed_p50_us", caller.micros(50), 1)
                    .put("handshake_resumed_p99_us", caller.micros(99), 1)
                    .put("handshake_resumed_quic_p50_us", internal.micros(50), 1);
            table.add("(d2) TSQ handshake, resumed", Table.us(caller.micros(50)), Table.us(caller.micros(99)),
                    String.format(Locale.ROOT, "n=%d resumed of %d, %d full, failed %d; one client: connect,"
                                    + " query (not timed), disconnect; QUIC connect->established p50 %.1f us",
                            r.count(), sizes.handshakeCount(), r.full(), r.failed(), internal.micros(50)),
                    "p50 <= 1 ms", goal("handshake_resumed", Goals.atMost(caller.micros(50), Goals.HANDSHAKE_P50_US)));
        } catch (RuntimeException e) {
            failed("TSQ resumed handshakes", e);
        }
    }

    private void syncs(String a, String b, List<X509Certificate> trust) {
        step("TSQ one-shot syncs (2 servers x 5 queries, dry run), " + sizes.syncCount() + " runs");
        try {
            TsqLatency.Syncs s = TsqLatency.syncs(a, b, trust, sizes.syncWarmup(), sizes.syncCount());
            if (s.count() == 0) {
                throw new IllegalStateException("no sync succeeded: " + s.firstFailure());
            }
            Percentiles d = Percentiles.of(s.duration(), s.count());
            json.put("sync_p50_ms", d.millis(50), 3).put("sync_p99_ms", d.millis(99), 3).put("sync_runs", s.count())
                    .put("sync_failed", s.failed());
            table.add("(e) TSQ one-shot sync, 2 x 5, dry run", Fmt.ms(d.millis(50), 2), Fmt.ms(d.millis(99), 2),
                    String.format(Locale.ROOT, "n=%d runs, failed %d, 2 handshakes + 10 queries + combine;"
                            + " last offset %+.1f us", s.count(), s.failed(), s.lastOffsetNanos() / 1e3),
                    "p50 <= 10 ms", goal("sync", Goals.sync(d.millis(50))));
        } catch (RuntimeException e) {
            failed("TSQ syncs", e);
        }
    }

    // ------------------------------------------------------------------------------------------ whole process

    /** The launcher, from the environment {@code ./tsq} sets; without it the whole-process rows are skipped. */
    static final String LAUNCHER_ENV = "TSQ_LAUNCHER";

    /**
     * Whole-process one-shot tools, round-robin, median of {@code processRounds} runs each: {@code tsq sync}
     * (2 loopback servers x 5 queries, dry run) with a pinned certificate and with {@code --ca} (PKIX), beside
     * {@code chronyd -Q} (iburst, minpoll/maxpoll -6, never touching the clock) and {@code ntpdig} against a
     * chronyd {@code -x} server. The same runs give the cold process's chosen offset and uncertainty (truth 0:
     * every server reads this machine's clock).
     */
    private void wholeProcess() {
        String launcher = System.getenv(LAUNCHER_ENV);
        if (launcher == null || !Files.isExecutable(Path.of(launcher))) {
            step("whole process: no " + LAUNCHER_ENV + " (run through ./tsq bench), skipping");
            table.add("(h) tsq sync whole process", "-", "-", "run through ./tsq to measure", "", Goals.Verdict.NOT_MEASURED);
            return;
        }
        step("whole process: tsq sync vs chronyd -Q vs ntpdig, " + sizes.processRounds() + " rounds round-robin");
        List<TsqServer> servers = new ArrayList<>();
        Chronyd chronyd = null;
        Path ca = null;
        Path qdir = null;
        try {
            for (int i = 0; i < 2; i++) {
                // The servers serve this machine's clock, which is the truth here: they declare +-1 us
                // (ClockQuality), an honest upper bound that replaces the client's 1 ms tolerance for servers
                // that declare nothing, so the uncertainty shows what the measurement itself achieved.
                servers.add(TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned().noRateLimit()
                        .clockQuality(new dev.tsq.wire.ClockQuality(dev.tsq.wire.ClockQuality.NTP_SYNCHRONIZED, 1, 0,
                                "bench"))
                        .build().start());
            }
            List<String> sync = new ArrayList<>(List.of(launcher, "sync", "127.0.0.1:" + servers.get(0).port(),
                    "127.0.0.1:" + servers.get(1).port(), "--queries", "16", "--dry-run", "--json"));
            List<String> pinned = new ArrayList<>(sync);
            StringBuilder pem = new StringBuilder();
            for (TsqServer s : servers) {
                byte[] der = s.certificateChain().get(0).getEncoded();
                pinned.add("--pin");
                pinned.add("sha256:" + java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(der)));
                pem.append("-----BEGIN CERTIFICATE-----\n")
                        .append(java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                                .encodeToString(der))
                        .append("\n-----END CERTIFICATE-----\n");
            }
            ca = Files.createTempFile("tsq-bench-ca-", ".pem");
            Files.writeString(ca, pem);
            List<String> withCa = new ArrayList<>(sync);
            withCa.add("--ca");
            withCa.add(ca.toString());
            List<WholeProcess.Tool> tools = new ArrayList<>(List.of(new WholeProcess.Tool("tsq sync --pin", pinned),
                    new WholeProcess.Tool("tsq sync --ca", withCa)));
            Optional<Path> exe = Chronyd.find();
            Optional<Path> ntpdig = Optional.empty();
            if (exe.isPresent()) {
                // ntpdig cannot be given a port: serve on 127.0.0.1:123 when that is free, else a high port.
                try {
                    chronyd = Chronyd.start(exe.get(), 123);
                    ntpdig = Chronyd.findExecutable("ntpdig");
                } catch (java.io.IOException e) {
                    chronyd = Chronyd.start(exe.get());
                }
                qdir = Files.createTempDirectory("tsq-bench-chronyq-");
                tools.add(new WholeProcess.Tool("chronyd -Q", List.of(exe.get().toString(), "-Q", "-x", "-u", "root",
                        "-t", "5", "pidfile " + qdir.resolve("q.pid"), "cmdport 0",
                        "server 127.0.0.1 port " + chronyd.port() + " iburst minpoll -6 maxpoll -6")));
                if (ntpdig.isPresent()) {
                    tools.add(new WholeProcess.Tool("ntpdig", List.of(ntpdig.get().toString(), "-t", "2",
                            "127.0.0.1")));
                }
            }
            List<WholeProcess.Result> results = WholeProcess.measure(tools, 1, sizes.processRounds(), 30_000);
            double pin = Double.NaN;
            double pkix = Double.NaN;
            double chronyQ = Double.NaN;
            double dig = Double.NaN;
            for (WholeProcess.Result r : results) {
                double p50 = r.count() == 0 ? Double.NaN : Percentiles.of(r.wallNanos()).millis(50);
                switch (r.name()) {
                    case "tsq sync --pin" -> pin = p50;
                    case "tsq sync --ca" -> pkix = p50;
                    case "chronyd -Q" -> chronyQ = p50;
                    default -> dig = p50;
                }
            }
            json.put("cli_sync_wall_ms", pin, 1).put("cli_sync_ca_wall_ms", pkix, 1)
                    .put("chronyd_q_wall_ms", chronyQ, 1).put("ntpdig_wall_ms", dig, 1)
                    .put("process_rounds", sizes.processRounds());
            for (WholeProcess.Result r : results) {
                double p50 = r.count() == 0 ? Double.NaN : Percentiles.of(r.wallNanos()).millis(50);
                double p99 = r.count() == 0 ? Double.NaN : Percentiles.of(r.wallNanos()).millis(99);
                String label = "(h) " + r.name() + " whole process";
                String goal = "";
                Goals.Verdict v = null;
                if (r.name().equals("tsq sync --pin")) {
                    label = "(h) tsq sync whole process, 2 x 16 (+2 warm-up), pin";
                    goal = "<= chronyd -Q (" + Fmt.ms(chronyQ, 2) + ")";
                    v = goal("cli_sync_wall", Goals.atMost(pin, chronyQ));
                } else if (r.name().equals("tsq sync --ca")) {
                    label = "(h) tsq sync whole process, --ca (PKIX)";
                    goal = "<= pin + 50 ms (" + Fmt.ms(pin + 50, 2) + ")";
                    v = goal("cli_sync_pkix", Goals.atMost(pkix, pin + 50));
                }
                table.add(label, Fmt.ms(p50, 2), Fmt.ms(p99, 2), WholeProcess.summary(r), goal, v);
                if (r.count() == 0) {
                    failed("whole process " + r.name(), new IllegalStateException(WholeProcess.summary(r)));
                }
            }
            coldAccuracy(results.get(0), results.size() > 2 ? results.get(2) : null);
        } catch (Exception e) {
            failed("whole process", e);
        } finally {
            servers.forEach(TsqServer::close);
            if (chronyd != null) {
                chronyd.close();
            }
            try {
                if (ca != null) {
                    Files.deleteIfExists(ca);
                }
                if (qdir != null) {
                    Files.deleteIfExists(qdir.resolve("q.pid"));
                    Files.deleteIfExists(qdir);
                }
            } catch (java.io.IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
    }

    /**
     * {@code tsq serve}'s readiness (see {@link ServeFirstQuery}): fresh {@code ./tsq serve} processes, each
     * queried by this JVM's warm client right after it prints {@code listening}. {@code serve_first_query_ms} is
     * the median of the first handshake + query, {@code serve_ready_ms} of process start to {@code listening}.
     */
    private void serveFirstQuery() {
        String launcher = System.getenv(LAUNCHER_ENV);
        String label = "(j) tsq serve: 1st query after `listening`";
        String goal = "<= " + Fmt.ms(ServeFirstQuery.GOAL_MS, 0);
        if (launcher == null || !Files.isExecutable(Path.of(launcher))) {
            step("serve: no " + LAUNCHER_ENV + " (run through ./tsq bench), skipping");
            table.add(label, "-", "-", "run through ./tsq to measure", goal, Goals.Verdict.NOT_MEASURED);
            return;
        }
        int rounds = ServeFirstQuery.rounds(options.quick());
        step("serve: first query after `listening`, " + rounds + " fresh `tsq serve` processes");
        try {
            ServeFirstQuery.Result r = ServeFirstQuery.measure(launcher, List.of(), 1, rounds, 60_000);
            double first = ServeFirstQuery.median(r.first());
            double ready = ServeFirstQuery.median(r.ready());
            json.put("serve_first_query_ms", first, 1).put("serve_ready_ms", ready, 1)
                    .put("serve_second_query_ms", ServeFirstQuery.median(r.second()), 1)
                    .put("serve_stream_query_ms", ServeFirstQuery.median(r.stream()), 1)
                    .put("serve_rounds", r.rounds().size()).put("serve_failed", r.failed());
            boolean any = !r.rounds().isEmpty();
            table.add(label, Fmt.ms(first, 2), any ? Fmt.ms(Percentiles.of(r.first()).millis(99), 2) : "-",
                    ServeFirstQuery.summary(r), goal, goal("serve_first_query",
                            Goals.atMost(first, ServeFirstQuery.GOAL_MS)));
            table.add("(j) tsq serve: process start to `listening`", Fmt.ms(ready, 2),
                    any ? Fmt.ms(Percentiles.of(r.ready()).millis(99), 2) : "-",
                    "spawn to the line, through ./tsq; includes the warm-up before it", "reference", null);
            if (!any) {
                failed("serve first query", new IllegalStateException(ServeFirstQuery.summary(r)));
            }
        } catch (Exception e) {
            failed("serve first query", e);
        }
    }

    /** The cold CLI's chosen offset and uncertainty against truth 0, over the whole-process runs. */
    private void coldAccuracy(WholeProcess.Result tsq, WholeProcess.Result chrony) {
        double[] offsets = tsq.outputs().stream().map(WholeProcess::tsqChosenOffsetMicros)
                .filter(java.util.OptionalDouble::isPresent).mapToDouble(o -> Math.abs(o.getAsDouble())).toArray();
        double[] uncertainty = tsq.outputs().stream().map(WholeProcess::tsqUncertaintyMicros)
                .filter(java.util.OptionalDouble::isPresent).mapToDouble(java.util.OptionalDouble::getAsDouble)
                .toArray();
        double absMedian = WholeProcess.median(offsets);
        double absMax = java.util.Arrays.stream(offsets).max().orElse(Double.NaN);
        double uMedian = WholeProcess.median(uncertainty);
        double uMax = java.util.Arrays.stream(uncertainty).max().orElse(Double.NaN);
        json.put("cold_sync_offset_abs_us", absMedian, 1).put("cold_sync_offset_abs_max_us", absMax, 1)
                .put("cold_sync_uncertainty_us", uMedian, 1).put("cold_sync_uncertainty_max_us", uMax, 1)
                .put("cold_sync_runs", offsets.length);
        String anchor = "";
        if (chrony != null) {
            double[] c = chrony.outputs().stream().map(WholeProcess::chronyOffsetMicros)
                    .filter(java.util.OptionalDouble::isPresent).mapToDouble(o -> Math.abs(o.getAsDouble())).toArray();
            double cm = WholeProcess.median(c);
            json.put("chronyd_q_offset_abs_us", cm, 1);
            anchor = String.format(Locale.ROOT, "; chronyd -Q |offset| median %.1f us", cm);
        }
        table.add("(i) cold tsq sync |chosen offset| (truth 0)", Table.us(absMedian), Table.us(absMax),
                String.format(Locale.ROOT, "median / max of %d cold processes%s", offsets.length, anchor),
                "<= 50 us", goal("cold_sync_offset", Goals.atMost(absMax, 50)));
        table.add("(i) cold tsq sync uncertainty", Table.us(uMedian), Table.us(uMax),
                String.format(Locale.ROOT, "median / max of %d cold processes", uncertainty.length),
                "<= 200 us", goal("cold_sync_uncertainty", Goals.atMost(uMax, 200)));
    }

    // ------------------------------------------------------------------------------------------ NTP

    private void ntp() {
        Optional<Path> exe = Chronyd.find();
        json.put("chronyd", exe.isPresent());
        if (exe.isEmpty()) {
            step("NTP: chronyd not installed, skipping the NTP rows");
            return;
        }
        step("NTP: starting chronyd -x (never touches the clock) on 127.0.0.1");
        try (Chronyd chronyd = Chronyd.start(exe.get())) {
            step("NTP: SNTP queries to chronyd (pid " + chronyd.pid() + ", port " + chronyd.port() + "), "
                    + sizes.ntpCount());
            long[] rtt = new long[sizes.ntpCount()];
            long[] offset = new long[sizes.ntpCount()];
            long[] out = new long[sizes.ntpCount()];
            long[] back = new long[sizes.ntpCount()];
            int n = 0;
            int lost = 0;
            try (SntpClient client = new SntpClient(chronyd.address(), 1000)) {
                for (int i = -sizes.ntpWarmup(); i < sizes.ntpCount(); i++) {
                    Measurement m;
                    try {
                        m = client.query();
                    } catch (SocketTimeoutException e) {
                        lost++;
                        continue;
                    }
                    if (i >= 0 && m instanceof Sample s) {
                        rtt[n] = s.t4() - s.t1();
                        offset[n] = s.offsetNanos();
                        out[n] = s.t2() - s.t1();
                        back[n] = s.t4() - s.t3();
                        n++;
                    }
                }
            }
            Percentiles r = Percentiles.of(rtt, n);
            Percentiles o = Percentiles.of(offset, n);
            Percentiles outP = Percentiles.of(out, n);
            Percentiles backP = Percentiles.of(back, n);
            json.put("ntp_rtt_p50_us", r.micros(50), 1).put("ntp_rtt_p99_us", r.micros(99), 1)
                    .put("ntp_out_p50_us", outP.micros(50), 1).put("ntp_back_p50_us", backP.micros(50), 1);
            table.add("NTP chronyd query RTT (T4-T1)", Table.us(r.micros(50)), Table.us(r.micros(99)),
                    String.format(Locale.ROOT, "n=%d, lost %d; p50: T2-T1 %.1f, T4-T3 %.1f us; Java SNTP client",
                            n, lost, outP.micros(50), backP.micros(50)), "", null);
            offsetRow("NTP chronyd offset error (truth 0)", "ntp_offset_error", o, false);

            double best = 0;
            StringBuilder notes = new StringBuilder();
            long lostTotal = 0;
            double bestCpu = Double.NaN;
            for (int threads : NTP_THREADS) {
                step("NTP: chronyd throughput, " + threads + " threads x " + NTP_WINDOW + " in flight");
                ProcessCpu before = ProcessCpu.of(chronyd.pid());
                NtpLoad.Result res = NtpLoad.run(chronyd.address(), threads, NTP_WINDOW,
                        sizes.loadWarmupMillis() * 1_000_000L, sizes.loadMeasureMillis() * 1_000_000L);
                ProcessCpu after = ProcessCpu.of(chronyd.pid());
                if (res.qps() > best) {
                    best = res.qps();
                    bestCpu = cpuPerQuery(before, after, res.sent() - res.lost());
                }
                lostTotal += res.lost();
                json.put("ntp_qps_t" + threads, res.qps(), 0);
                if (notes.length() > 0) {
                    notes.append(", ");
                }
                notes.append(threads).append(" thr ").append(Table.rate(res.qps()));
            }
            ntpQps = best;
            ntpCpuUs = bestCpu;
            json.put("ntp_qps", best, 0).put("ntp_lost", lostTotal).put("ntp_server_cpu_us_per_query", bestCpu, 2);
            table.add("NTP chronyd queries/s (best)", Table.rate(best), "", notes + ", lost " + lostTotal
                    + ", " + NTP_WINDOW + " in flight per thread; chronyd CPU " + String.format(Locale.ROOT,
                    "%.1f us/query", bestCpu), "", null);
        } catch (Exception e) {
            failed("NTP (chronyd)", e);
        }
    }

    /** The server JVM's event-loop heap allocation so far, or -1 when unknown. */
    private static long loopAlloc(ServerProcess server) {
        try {
            return Long.parseLong(server.counters().getOrDefault("loop_alloc_bytes", "-1"));
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Microseconds of CPU the process used per answered query between two snapshots; NaN when unknown. */
    static double cpuPerQuery(ProcessCpu before, ProcessCpu after, long queries) {
        if (before == null || after == null || queries <= 0) {
            return Double.NaN;
        }
        return after.since(before).onCpuNanos() / 1e3 / queries;
    }

    /** Share of runnable time spent waiting for a CPU (0..1) between two snapshots; NaN when unknown. */
    static double waitShare(ProcessCpu before, ProcessCpu after) {
        if (before == null || after == null) {
            return Double.NaN;
        }
        ProcessCpu d = after.since(before);
        long total = d.onCpuNanos() + d.waitNanos();
        return total <= 0 ? Double.NaN : (double) d.waitNanos() / total;
    }

    // ------------------------------------------------------------------------------------------ throughput

    private void throughput() {
        step("TSQ throughput: starting the server JVM");
        try (ServerProcess server = ServerProcess.start()) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            step("TSQ throughput: warming up the server JVM for " + sizes.serverWarmupMillis() + " ms (pid "
                    + server.pid() + ")");
            QuicLoad.run(address, server.certificate(), 2, LOAD_WINDOW, LOAD_THREADS, 0,
                    sizes.serverWarmupMillis() * 1_000_000L);
            double best = 0;
            long lost = 0;
            long rejected = 0;
            StringBuilder notes = new StringBuilder();
            double bestCpu = Double.NaN;
            double bestWait = Double.NaN;
            double loopBytes = Double.NaN;
            for (int c : LOAD_CONNECTIONS) {
                step("TSQ throughput: " + c + " connection(s) x " + LOAD_WINDOW + " datagram queries in flight");
                long allocBefore = loopAlloc(server);
                ProcessCpu before = ProcessCpu.of(server.pid());
                QuicLoad.Result level = QuicLoad.run(address, server.certificate(), c, LOAD_WINDOW, LOAD_THREADS,
                        sizes.loadWarmupMillis() * 1_000_000L, sizes.loadMeasureMillis() * 1_000_000L);
                ProcessCpu after = ProcessCpu.of(server.pid());
                long allocAfter = loopAlloc(server);
                double cpu = cpuPerQuery(before, after, level.answeredTotal());
                json.put("server_cpu_us_per_query_c" + c, cpu, 2);
                double bytes = allocBefore < 0 || allocAfter < 0 || level.answeredTotal() <= 0 ? Double.NaN
                        : (double) (allocAfter - allocBefore) / level.answeredTotal();
                json.put("server_loop_bytes_per_query_c" + c, bytes, 1);
                if (c == LOAD_CONNECTIONS[LOAD_CONNECTIONS.length - 1]) {
                    loopBytes = bytes;
                }
                if (level.qps() > best) {
                    best = level.qps();
                    bestCpu = cpu;
                    bestWait = waitShare(before, after);
                }
                lost += level.lost();
                rejected += level.rejected();
                json.put("server_qps_c" + c, level.qps(), 0).put("server_lost_c" + c, level.lost());
                if (notes.length() > 0) {
                    notes.append(", ");
                }
                notes.append('c').append(c).append(' ').append(Table.rate(level.qps()));
            }
            Map<String, String> counters = server.counters();
            json.put("server_qps", best, 0).put("server_lost", lost).put("server_rejected_answers", rejected)
                    .put("server_cpu_us_per_query", bestCpu, 2).put("server_cpu_wait_share", bestWait, 2);
            notes.append(", lost ").append(lost);
            if (rejected > 0) {
                notes.append(", invalid answers ").append(rejected);
            }
            notes.append(String.format(Locale.ROOT, "; at best: server CPU %.1f us/query, its threads waited for a"
                    + " CPU %.0f%% of their runnable time", bestCpu, 100 * bestWait));
            notes.append("; server answered ").append(counters.get("datagram")).append(" in all");
            String goal = ">= 50,000/s" + (Double.isNaN(ntpQps) ? "" : " and >= NTP " + Table.rate(ntpQps));
            table.add("(f) TSQ server datagram queries/s (best)", Table.rate(best), "", notes.toString(), goal,
                    goal("server_qps", Goals.throughput(best, ntpQps)));
            String cpuGoal = "<= 1.5 x chronyd" + (Double.isNaN(ntpCpuUs) ? " (not run)"
                    : String.format(Locale.ROOT, " %.1f us = %.1f us", ntpCpuUs, 1.5 * ntpCpuUs));
            table.add("TSQ server CPU per datagram query", String.format(Locale.ROOT, "%.1f us", bestCpu), "",
                    String.format(Locale.ROOT, "at the best rate; ratio to chronyd %.2f x; server loop allocates"
                            + " %.0f B/query (c%d, heap, ThreadMXBean)", bestCpu / ntpCpuUs,
                            loopBytes, LOAD_CONNECTIONS[LOAD_CONNECTIONS.length - 1]),
                    cpuGoal, goal("server_cpu_us_per_query", Goals.atMost(bestCpu, 1.5 * ntpCpuUs)));
        } catch (Exception e) {
            failed("TSQ throughput", e);
        }
    }
}
