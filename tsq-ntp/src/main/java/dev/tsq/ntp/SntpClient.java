package dev.tsq.ntp;

import dev.tsq.sync.Measurement;
import dev.tsq.time.NtpTimestamp;
import dev.tsq.time.WallClock;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

/**
 * A minimal blocking SNTP client on one UDP socket: T1 is read immediately before {@code send}, T4
 * immediately after {@code receive} returns, both from the given clock ({@link WallClock#SYSTEM} by default,
 * the clock the TSQ client uses). Answers that do not echo the request's transmit time are skipped (late answers to an earlier
 * request). Not thread-safe.
 */
public final class SntpClient implements AutoCloseable {
    private final DatagramSocket socket;
    private final WallClock clock;
    private final byte[] out = new byte[SntpPacket.LENGTH];
    private final byte[] in = new byte[512];
    private final DatagramPacket outPacket;
    private final DatagramPacket inPacket = new DatagramPacket(in, in.length);

    public SntpClient(InetSocketAddress server, int timeoutMillis) throws IOException {
        this(server, timeoutMillis, WallClock.SYSTEM);
    }

    public SntpClient(InetSocketAddress server, int timeoutMillis, WallClock clock) throws IOException {
        this.clock = clock;
        // A loopback server is queried from a loopback socket; any other from the wildcard address.
        InetAddress local = server.getAddress() != null && server.getAddress().isLoopbackAddress()
                ? server.getAddress() : null;
        this.socket = local == null ? new DatagramSocket() : new DatagramSocket(new InetSocketAddress(local, 0));
        socket.connect(server);
        socket.setSoTimeout(timeoutMillis);
        this.outPacket = new DatagramPacket(out, out.length);
    }

    /**
     * One exchange.
     *
     * @throws SocketTimeoutException when no matching answer came within the timeout
     * @throws IOException            on a socket error, or when the answer is unusable (kiss-o'-death, ...)
     */
    public Measurement query() throws IOException {
        long t1 = clock.epochNanos();
        long transmit = NtpTimestamp.fromEpochNanos(t1);
        SntpPacket.writeRequest(out, 0, transmit);
        socket.send(outPacket);
        while (true) {
            inPacket.setLength(in.length);
            socket.receive(inPacket);
            long t4 = clock.epochNanos();
            if (inPacket.getLength() < SntpPacket.LENGTH) {
                continue;
            }
            SntpPacket.Response r = SntpPacket.parse(in, 0, inPacket.getLength());
            if (r.originNtp() != transmit) {
                continue; // a late answer to an earlier request
            }
            String problem = r.problem(transmit);
            if (problem != null) {
                throw new IOException("unusable NTP answer: " + problem);
            }
            return r.measure(t1, t4);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
