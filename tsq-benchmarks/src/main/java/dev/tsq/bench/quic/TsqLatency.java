package dev.tsq.bench.quic;

import dev.tsq.TsqException;
import dev.tsq.client.ConnectionInfo;
import dev.tsq.client.QueryMode;
import dev.tsq.client.SyncReport;
import dev.tsq.client.Synchronizer;
import dev.tsq.client.TsqClient;
import dev.tsq.client.TsqSample;
import dev.tsq.sync.Action;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process TSQ measurements: query round trips in each mode over one connection, handshakes, and
 * one-shot syncs. The servers run in this JVM (on their own event-loop threads) with the system clock, as
 * the client does, so the true offset is 0.
 */
public final class TsqLatency {

    /**
     * Back-to-back blocking queries on one connection.
     *
     * @param rtt    T4 - T1 per sample: client clock, T1 read right before the request is written, T4 when
     *               the response's UDP packet is read (server processing included)
     * @param delay  (T4 - T1) - (T3 - T2): the round trip without the server's time
     * @param offset the measured offset ((T2 - T1) + (T3 - T4)) / 2; the truth is 0
     * @param call   wall time of the blocking {@code query()} call as the caller sees it (thread hand-offs
     *               to and from the client's event loop included)
     * @param out    T2 - T1: the one-way time from the client's T1 to the server's T2 (one clock: meaningful)
     * @param back   T4 - T3: the one-way time from the server's T3 to the client's T4
     * @param count  how many queries succeeded (the arrays' valid length)
     */
    public record Queries(long[] rtt, long[] delay, long[] offset, long[] call, long[] out, long[] back, int count,
                          int failed, String firstFailure) {
    }

    private TsqLatency() {
    }

    static TsqClient.Builder client(QueryMode mode, List<X509Certificate> trust) {
        return TsqClient.builder()
                .mode(mode)
                .trustCertificates(trust)
                .timeout(Duration.ofSeconds(2));
    }

    /** {@code warmup} unrecorded queries, then {@code count} recorded ones, one at a time. */
    public static Queries queries(String server, List<X509Certificate> trust, QueryMode mode, int warmup, int count) {
        return queries(server, trust, mode, warmup, count, false);
    }

    /** As {@link #queries(String, List, QueryMode, int, int)}, with Precision Mode asked for when {@code precision}. */
    public static Queries queries(String server, List<X509Certificate> trust, QueryMode mode, int warmup, int count,
                                  boolean precision) {
        return queries(server, trust, mode, warmup, count, precision, true);
    }

    /** As above, with the client's kernel receive stamps (T4) on or off. */
    public static Queries queries(String server, List<X509Certificate> trust, QueryMode mode, int warmup, int count,
                                  boolean precision, boolean kernelStamps) {
        try (TsqClient client = client(mode, trust).precisionMode(precision).kernelTimestamps(kernelStamps).build()) {
            client.connect(server);
            long[] rtt = new long[count];
            long[] delay = new long[count];
            long[] offset = new long[count];
            long[] call = new long[count];
            long[] out = new long[count];
            long[] back = new long[count];
            int n = 0;
            int failed = 0;
            String first = null;
            for (int i = -warmup; i < count; i++) {
                long c0 = System.nanoTime();
                TsqSample s;
                try {
                    s = client.query(server);
                } catch (TsqException e) {
                    if (i >= 0) {
                        failed++;
                        if (first == null) {
                            first = e.toString();
                        }
                    }
                    continue;
                }
                long c1 = System.nanoTime();
                if (i >= 0) {
                    rtt[n] = s.t4() - s.t1();
                    delay[n] = s.delayNanos();
                    offset[n] = s.offsetNanos();
                    call[n] = c1 - c0;
                    out[n] = s.t2() - s.t1();
                    back[n] = s.t4() - s.t3();
                    n++;
                }
            }
            return new Queries(rtt, delay, offset, call, out, back, n, failed, first);
        }
    }

    /**
     * Handshake times.
     *
     * @param caller   wall time of a blocking {@code connect(server)} on a client that has no connection yet:
     *                 the hop onto the client's event loop, the QUIC handshake (1 RTT, TLS 1.3, certificate
     *                 verification against the trusted self-signed certificate, ALPN) and the wait for the
     *                 datagram-extension event, until the caller holds the {@code ConnectionInfo}. Building the
     *                 client (its TLS context and QUIC codec, a one-time cost) and closing it are not timed.
     * @param internal the client's own measure ({@link ConnectionInfo#handshakeNanos()}): from starting the
     *                 connection to the established QUIC connection, on the event loop
     */
    public record Handshakes(long[] caller, long[] internal, int count, int failed, String firstFailure) {
    }

    public static Handshakes handshakes(String server, List<X509Certificate> trust, int warmup, int count) {
        long[] caller = new long[count];
        long[] internal = new long[count];
        int n = 0;
        int failed = 0;
        String first = null;
        for (int i = -warmup; i < count; i++) {
            try (TsqClient client = client(QueryMode.DATAGRAM, trust).build()) {
                long t0 = System.nanoTime();
                ConnectionInfo info = client.connect(server);
                long t1 = System.nanoTime();
                if (i >= 0) {
                    caller[n] = t1 - t0;
                    internal[n] = info.handshakeNanos();
                    n++;
                }
            } catch (TsqException e) {
                if (i >= 0) {
                    failed++;
                    if (first == null) {
                        first = e.toString();
                    }
                }
            }
        }
        return new Handshakes(caller, internal, n, failed, first);
    }

    /**
     * Resumed handshakes: one client connects, queries once (untimed; the answer comes after the server's session
     * ticket), disconnects, and again, so every connection but the first can resume the previous one's TLS session.
     *
     * @param caller   as in {@link Handshakes}, of the resumed handshakes only
     * @param internal as in {@link Handshakes}, of the resumed handshakes only
     * @param count    how many handshakes were resumed (the arrays' valid length)
     * @param full     how many recorded handshakes were full ones instead (no ticket, or the server refused it)
     */
    public record ResumedHandshakes(long[] caller, long[] internal, int count, int full, int failed,
                                    String firstFailure) {
    }

    public static ResumedHandshakes resumedHandshakes(String server, List<X509Certificate> trust, int warmup,
                                                      int count) {
        long[] caller = new long[count];
        long[] internal = new long[count];
        int n = 0;
        int full = 0;
        int failed = 0;
        String first = null;
        try (TsqClient client = client(QueryMode.DATAGRAM, trust).build()) {
            client.connect(server); // the full handshake that brings the first ticket
            client.query(server);
            client.disconnect(server);
            for (int i = -warmup; i < count; i++) {
                try {
                    long t0 = System.nanoTime();
                    ConnectionInfo info = client.connect(server);
                    long t1 = System.nanoTime();
                    client.query(server);
                    if (i >= 0) {
                        if (info.resumed()) {
                            caller[n] = t1 - t0;
                            internal[n] = info.handshakeNanos();
                            n++;
                        } else {
                            full++;
                        }
                    }
                } catch (TsqException e) {
                    if (i >= 0) {
                        failed++;
                        if (first == null) {
                            first = e.toString();
                        }
                    }
                } finally {
                    client.disconnect(server);
                }
            }
        } catch (TsqException e) {
            failed++;
            first = first == null ? e.toString() : first;
        }
        return new ResumedHandshakes(caller, internal, n, full, failed, first);
    }

    /**
     * One-shot dry-run syncs against two servers, 5 queries each.
     *
     * @param duration wall time of {@code Synchronizer.builder()...build().run()}: both connections opened in
     *                 parallel (two QUIC handshakes on the client's event loop), 5 back-to-back queries per
     *                 server, filter, combine and decide (dry run: nothing applied, nothing re-measured). Each
     *                 run uses a fresh {@link TsqClient} with no open connection; building it and closing it
     *                 are not timed.
     */
    public record Syncs(long[] duration, int count, int failed, String firstFailure, long lastOffsetNanos,
                        int lastSamples) {
    }

    public static Syncs syncs(String a, String b, List<X509Certificate> trust, int warmup, int count) {
        long[] duration = new long[count];
        int n = 0;
        int failed = 0;
        String first = null;
        long lastOffset = 0;
        int lastSamples = 0;
        for (int i = -warmup; i < count; i++) {
            try (TsqClient client = client(QueryMode.AUTO, trust).build()) {
                long t0 = System.nanoTime();
                SyncReport report = Synchronizer.builder()
                        .servers(a, b)
                        .queriesPerServer(5)
                        .source(client::queryAsync)
                        .dryRun(true)
                        .build()
                        .run();
                long t1 = System.nanoTime();
                boolean ok = report.succeeded() && report.samples().size() == 10
                        && report.action() != Action.REFUSED;
                if (i >= 0) {
                    if (ok) {
                        duration[n++] = t1 - t0;
                        lastOffset = report.estimate().offsetNanos();
                        lastSamples = report.samples().size();
                    } else {
                        failed++;
                        if (first == null) {
                            first = "sync: " + report.decision() + ", " + report.samples().size() + " samples";
                        }
                    }
                }
            } catch (TsqException e) {
                if (i >= 0) {
                    failed++;
                    if (first == null) {
                        first = e.toString();
                    }
                }
            }
        }
        return new Syncs(duration, n, failed, first, lastOffset, lastSamples);
    }

    /**
     * Warms up the JIT on both sides: for 2/3 of {@code millis} datagram queries and for 1/3 stream queries,
     * 16 in flight on one connection, each answer starting the next query. Returns the queries answered.
     */
    public static long warmUp(String server, List<X509Certificate> trust, long millis) throws InterruptedException {
        long answered = 0;
        answered += pipeline(server, trust, QueryMode.DATAGRAM, millis * 2 / 3);
        answered += pipeline(server, trust, QueryMode.STREAM, millis / 3);
        return answered;
    }

    private static long pipeline(String server, List<X509Certificate> trust, QueryMode mode, long millis)
            throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong answered = new AtomicLong();
        AtomicInteger inflight = new AtomicInteger();
        try (TsqClient client = client(mode, trust).build()) {
            client.connect(server);
            for (int i = 0; i < 16; i++) {
                next(client, server, running, answered, inflight);
            }
            Thread.sleep(millis);
            running.set(false);
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (inflight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        return answered.get();
    }

    private static void next(TsqClient client, String server, AtomicBoolean running,
                             AtomicLong answered,
                             AtomicInteger inflight) {
        inflight.incrementAndGet();
        client.queryAsync(server).whenComplete((s, e) -> {
            inflight.decrementAndGet();
            if (s != null) {
                answered.incrementAndGet();
            }
            if (running.get()) {
                next(client, server, running, answered, inflight);
            }
        });
    }

    /** Copies of the chains of several servers, for {@code trustCertificates}. */
    static List<X509Certificate> trustAll(List<List<X509Certificate>> chains) {
        List<X509Certificate> all = new ArrayList<>();
        chains.forEach(all::addAll);
        return all;
    }
}
