package dev.tsq.bench.quic;

import dev.tsq.server.ServerCounters;
import dev.tsq.server.TsqServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The TSQ server of the throughput test, in a JVM of its own (started by {@link ServerProcess}): a
 * {@link TsqServer} on 127.0.0.1, an ephemeral port, a self-signed certificate, no per-source rate limit or
 * connection cap (all load comes from one host), and
 * {@code -Dtsq.bench.serverThreads=N} event-loop threads (default 1; e.g. via {@code TSQ_BENCH_SERVER_JAVA_OPTS});
 * {@code -Dtsq.bench.kernelTimestamps=false} turns the kernel receive stamps of T2 off, to measure their CPU.
 *
 * <p>Protocol on stdout/stdin: once listening it prints one line
 * {@code TSQ-LOAD-SERVER port=<port> cert=<base64 DER of the certificate>}; each {@code counters} line on stdin
 * is answered with {@code COUNTERS datagram=<n> stream=<n> rejected=<n> connections=<n> loop_alloc_bytes=<n>}; it serves until
 * stdin closes (so it never outlives the benchmark) or it is killed.
 */
public final class LoadServerMain {
    private LoadServerMain() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        TsqServer server = TsqServer.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .selfSigned()
                .noRateLimit()
                .maxConnectionsPerSource(100_000) // every load connection comes from this one host
                .threads(Integer.getInteger("tsq.bench.serverThreads", 1))
                .kernelTimestamps(Boolean.parseBoolean(System.getProperty("tsq.bench.kernelTimestamps", "true")))
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tsq-load-server-close"));
        String cert = Base64.getEncoder().encodeToString(server.certificateChain().get(0).getEncoded());
        System.out.println("TSQ-LOAD-SERVER port=" + server.port() + " cert=" + cert);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.strip().equals("counters")) {
                System.out.println(countersLine(server.counters()));
                System.out.flush();
            }
        }
        server.close();
        System.exit(0);
    }

    static String countersLine(ServerCounters c) {
        long rejected = c.rejections().values().stream().mapToLong(Long::longValue).sum();
        return "COUNTERS datagram=" + c.datagramQueries() + " stream=" + c.streamQueries() + " rejected=" + rejected
                + " connections=" + c.totalConnections() + " loop_alloc_bytes=" + loopAllocatedBytes();
    }

    /**
     * Bytes the server's event-loop threads ({@code tsq-server-*}) have allocated on the heap so far (HotSpot's
     * per-thread allocation counter); -1 when the JVM cannot tell.
     */
    static long loopAllocatedBytes() {
        if (!(java.lang.management.ManagementFactory.getThreadMXBean()
                instanceof com.sun.management.ThreadMXBean mx) || !mx.isThreadAllocatedMemorySupported()) {
            return -1;
        }
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("tsq-server")) {
                long b = mx.getThreadAllocatedBytes(t.getId());
                if (b > 0) {
                    sum += b;
                }
            }
        }
        return sum;
    }
}
