package dev.tsq.bench;

import dev.tsq.bench.quic.QuicLoad;
import dev.tsq.bench.quic.ServerProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code tsq bench --load SECONDS}: a soak test, not a timed unit test. In one run it starts the server in a JVM
 * of its own ({@link ServerProcess}, default limits except the per-source connection cap, since every load
 * connection comes from this host), warms it up, measures its capacity (closed loop: {@value #CONNECTIONS}
 * connections x {@value #WINDOW} datagram queries in flight), then drives it open-loop at 80% of that capacity
 * for SECONDS and prints: queries answered, errors (lost or invalid answers; must be 0, else the exit status is
 * 1), latency p50/p99 (request written to answer read, 10 us resolution) and the server's resident set size
 * (VmRSS of {@code /proc/<pid>/status}) at the start and end of the paced phase, with samples in between.
 */
final class LoadBench {
    static final int CONNECTIONS = 16;
    static final int WINDOW = 16;
    static final double SHARE = 0.8;

    private LoadBench() {
    }

    static int run(int seconds, boolean json, PrintStream out, PrintStream progress) {
        try (ServerProcess server = ServerProcess.start()) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
            progress.println("load: warming up the server JVM (pid " + server.pid() + ") for 15 s");
            QuicLoad.run(address, server.certificate(), 2, WINDOW, 1, 0, TimeUnit.SECONDS.toNanos(15));
            progress.println("load: measuring capacity (" + CONNECTIONS + " connections x " + WINDOW + " in flight, 5 s)");
            QuicLoad.Result capacity = QuicLoad.run(address, server.certificate(), CONNECTIONS, WINDOW, 1,
                    TimeUnit.SECONDS.toNanos(2), TimeUnit.SECONDS.toNanos(5));
            double target = SHARE * capacity.qps();
            long rssStart = rssKib(server.pid());
            progress.println(String.format(Locale.ROOT, "load: capacity %.0f/s; driving %.0f/s for %d s (server RSS %d KiB)",
                    capacity.qps(), target, seconds, rssStart));
            CompletableFuture<QuicLoad.PacedResult> paced = CompletableFuture.supplyAsync(() -> {
                try {
                    return QuicLoad.runPaced(address, server.certificate(), CONNECTIONS, 1, target,
                            TimeUnit.SECONDS.toNanos(seconds));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<Long> samples = new ArrayList<>();
            samples.add(rssStart);
            long step = Math.max(1, seconds / 6);
            while (!paced.isDone()) {
                try {
                    paced.get(step, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    samples.add(rssKib(server.pid()));
                }
            }
            QuicLoad.PacedResult r = paced.get();
            long rssEnd = rssKib(server.pid());
            samples.add(rssEnd);
            out.printf(Locale.ROOT, "tsq bench --load %d: server capacity %.0f queries/s (closed loop, %d connections x %d"
                    + " datagram queries in flight), driven at %.0f%% = %.0f/s over %d connections for %d s%n",
                    seconds, capacity.qps(), CONNECTIONS, WINDOW, SHARE * 100, target, CONNECTIONS, seconds);
            out.printf(Locale.ROOT, "  queries sent %d, answered %d (%.0f/s), errors %d (lost %d, of which answered"
                    + " later than 1 s %d; invalid %d)%n", r.sent(), r.answered(), r.answered() / r.seconds(), r.errors(),
                    r.lost(), r.late(), r.rejected());
            out.printf(Locale.ROOT, "  latency p50 %.0f us, p99 %.0f us, max %.0f us%n", r.p50Micros(), r.p99Micros(),
                    r.maxMicros());
            out.printf(Locale.ROOT, "  server RSS start %d KiB, end %d KiB (samples %s KiB)%n", rssStart, rssEnd, samples);
            if (json) {
                Json j = Json.object();
                j.put("load_seconds", seconds).put("capacity_qps", capacity.qps(), 0).put("target_qps", target, 0)
                        .put("sent", r.sent()).put("answered", r.answered()).put("errors", r.errors())
                        .put("latency_p50_us", r.p50Micros(), 0).put("latency_p99_us", r.p99Micros(), 0)
                        .put("rss_start_kib", rssStart).put("rss_end_kib", rssEnd);
                out.println(j);
            }
            return r.errors() == 0 ? 0 : 1;
        } catch (Exception e) {
            out.println("error: load bench failed: " + e);
            return 1;
        }
    }

    /** VmRSS of a process in KiB, from /proc/PID/status; -1 when unreadable. */
    static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
