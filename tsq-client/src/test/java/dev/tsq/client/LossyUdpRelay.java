package dev.tsq.client;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay on loopback for fault tests: one client in front, one server behind. Each direction drops a packet
 * with its own probability and delays the others by {@code base + uniform(0, jitter)}, so the paths can be lossy,
 * slow, jittery and asymmetric. Bounded: it forwards at most {@code maxPackets} packets in all and stops when closed.
 * Loss decisions come from a seeded {@link Random}, so a run is reproducible up to the scheduler's timing.
 */
final class LossyUdpRelay implements AutoCloseable {
    /** One direction's behaviour: drop probability, base delay and jitter (both in microseconds). */
    record Path(double loss, long baseMicros, long jitterMicros) {
        Path {
            if (!(loss >= 0 && loss < 1) || baseMicros < 0 || jitterMicros < 0) {
                throw new IllegalArgumentException("path: loss " + loss + ", base " + baseMicros + " us, jitter "
                        + jitterMicros + " us (expected: loss in [0, 1), delays >= 0)");
            }
        }
    }

    private final DatagramSocket front;
    private final DatagramSocket back;
    private final InetSocketAddress server;
    private final Path out;
    private final Path in;
    private final Random random;
    private final long maxPackets;
    private final ScheduledExecutorService delayer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relay-delay");
        t.setDaemon(true);
        return t;
    });
    private final Thread frontReader;
    private final Thread backReader;
    private volatile SocketAddress client;
    private volatile boolean closed;
    final AtomicLong forwarded = new AtomicLong();
    final AtomicLong droppedOut = new AtomicLong();
    final AtomicLong droppedIn = new AtomicLong();

    /**
     * @param server where to forward (a loopback address)
     * @param out    client-to-server path
     * @param in     server-to-client path
     */
    LossyUdpRelay(InetSocketAddress server, Path out, Path in, long seed, long maxPackets) throws SocketException {
        if (!server.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("server: " + server + " (expected: a loopback address)");
        }
        this.server = server;
        this.out = out;
        this.in = in;
        this.random = new Random(seed);
        this.maxPackets = maxPackets;
        InetAddress lo = InetAddress.getLoopbackAddress();
        front = new DatagramSocket(new InetSocketAddress(lo, 0));
        back = new DatagramSocket(new InetSocketAddress(lo, 0));
        frontReader = new Thread(() -> pump(front, true), "relay-front");
        backReader = new Thread(() -> pump(back, false), "relay-back");
        frontReader.setDaemon(true);
        backReader.setDaemon(true);
        frontReader.start();
        backReader.start();
    }

    /** {@code host:port} of the relay's client-facing side. */
    String address() {
        return "127.0.0.1:" + front.getLocalPort();
    }

    private void pump(DatagramSocket from, boolean toServer) {
        byte[] buf = new byte[65_535];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                from.receive(p);
            } catch (IOException e) {
                return; // closed
            }
            if (toServer) {
                client = p.getSocketAddress();
            }
            Path path = toServer ? out : in;
            long delayMicros;
            synchronized (random) {
                if (random.nextDouble() < path.loss()) {
                    (toServer ? droppedOut : droppedIn).incrementAndGet();
                    continue;
                }
                delayMicros = path.baseMicros() + (path.jitterMicros() == 0 ? 0 : (long) (random.nextDouble() * path.jitterMicros()));
            }
            if (forwarded.incrementAndGet() > maxPackets) {
                continue; // the bound: beyond it everything is dropped
            }
            byte[] data = Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
            SocketAddress target = toServer ? server : client;
            DatagramSocket via = toServer ? back : front;
            Runnable send = () -> {
                try {
                    via.send(new DatagramPacket(data, data.length, target));
                } catch (IOException e) {
                    // closed while the packet was in flight: it is lost, as on a real path
                }
            };
            if (delayMicros == 0) {
                send.run();
            } else {
                delayer.schedule(send, delayMicros, TimeUnit.MICROSECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        front.close();
        back.close();
        delayer.shutdownNow();
        frontReader.join(2_000);
        backReader.join(2_000);
        delayer.awaitTermination(2, TimeUnit.SECONDS);
    }
}
