package dev.tsq.bench.ntp;

import dev.tsq.ntp.SntpPacket;
import dev.tsq.time.NtpTimestamp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * NTP server throughput: {@code threads} sockets, each on its own thread keeping {@code window} requests in
 * flight (a new request per answer). Answers are counted while the measurement window is open; requests
 * without an answer after a quiet period are counted as lost and replaced, so the window never drains.
 */
public final class NtpLoad {

    /** Answers per second during the window, and requests never answered. */
    public record Result(int threads, int window, double qps, long answered, long sent, long lost) {
    }

    private NtpLoad() {
    }

    public static Result run(InetSocketAddress server, int threads, int window, long warmupNanos, long measureNanos)
            throws IOException, InterruptedException {
        AtomicLong counted = new AtomicLong();
        AtomicLong sentTotal = new AtomicLong();
        AtomicLong answeredTotal = new AtomicLong();
        long start = System.nanoTime();
        long windowStart = start + warmupNanos;
        long windowEnd = windowStart + measureNanos;
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> list = new ArrayList<>();
        List<IOException> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    loop(server, window, windowStart, windowEnd, counted, sentTotal, answeredTotal);
                } catch (IOException e) {
                    errors.add(e);
                } finally {
                    done.countDown();
                }
            }, "ntp-load-" + t);
            th.setDaemon(true);
            list.add(th);
            th.start();
        }
        done.await();
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        long sent = sentTotal.get();
        long answered = answeredTotal.get();
        return new Result(threads, window, counted.get() / (measureNanos / 1e9), counted.get(), sent,
                Math.max(0, sent - answered));
    }

    private static void loop(InetSocketAddress server, int window, long windowStart, long windowEnd,
                             AtomicLong counted, AtomicLong sentTotal, AtomicLong answeredTotal) throws IOException {
        try (DatagramChannel ch = DatagramChannel.open(); Selector selector = Selector.open()) {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ch.connect(server);
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ);
            ByteBuffer out = ByteBuffer.allocateDirect(SntpPacket.LENGTH);
            ByteBuffer in = ByteBuffer.allocateDirect(512);
            byte[] req = new byte[SntpPacket.LENGTH];
            long sent = 0;
            long answered = 0;
            long inWindow = 0;
            long seq = 0;
            int outstanding = 0;
            long lastAnswer = System.nanoTime();
            final long quietNanos = 200_000_000L;
            while (true) {
                long now = System.nanoTime();
                if (now >= windowEnd) {
                    break;
                }
                while (outstanding < window) {
                    // Unique transmit times: the wall clock's NTP value with a sequence number in the low bits.
                    long transmit = NtpTimestamp.fromEpochNanos(System.currentTimeMillis() * 1_000_000L)
                            + (seq++ & 0xffff);
                    SntpPacket.writeRequest(req, 0, transmit);
                    out.clear();
                    out.put(req).flip();
                    if (ch.write(out) == 0) {
                        break;
                    }
                    sent++;
                    outstanding++;
                }
                selector.select(50);
                selector.selectedKeys().clear();
                int got;
                while (true) {
                    in.clear();
                    try {
                        got = ch.read(in);
                    } catch (java.net.PortUnreachableException e) {
                        throw new IOException("NTP server at " + server + " is not answering (port unreachable)", e);
                    }
                    if (got <= 0) {
                        break;
                    }
                    if (got >= SntpPacket.LENGTH && (in.get(0) & 7) == SntpPacket.MODE_SERVER) {
                        answered++;
                        outstanding = Math.max(0, outstanding - 1);
                        lastAnswer = System.nanoTime();
                        if (lastAnswer >= windowStart && lastAnswer < windowEnd) {
                            inWindow++;
                        }
                    }
                }
                if (outstanding > 0 && System.nanoTime() - lastAnswer > quietNanos) {
                    outstanding = 0; // presumed lost; counted as sent - answered at the end
                    lastAnswer = System.nanoTime();
                }
            }
            // Let answers still in flight arrive, so that only real losses count as lost.
            long drainUntil = System.nanoTime() + 100_000_000L;
            while (outstanding > 0 && System.nanoTime() < drainUntil) {
                selector.select(20);
                selector.selectedKeys().clear();
                while (true) {
                    in.clear();
                    int got = ch.read(in);
                    if (got <= 0) {
                        break;
                    }
                    answered++;
                    outstanding--;
                }
            }
            counted.addAndGet(inWindow);
            sentTotal.addAndGet(sent);
            answeredTotal.addAndGet(answered);
        }
    }
}
