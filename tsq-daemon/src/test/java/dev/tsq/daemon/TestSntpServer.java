package dev.tsq.daemon;

import dev.tsq.time.NtpTimestamp;
import dev.tsq.time.WallClock;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;

/** A minimal SNTP server on 127.0.0.1 (stratum 1, system clock), for hosts without chronyd. */
final class TestSntpServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;

    TestSntpServer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "test-sntp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        byte[] buf = new byte[512];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                p.setLength(buf.length);
                socket.receive(p);
                long rx = NtpTimestamp.fromEpochNanos(WallClock.SYSTEM.epochNanos());
                if (p.getLength() < 48 || (buf[0] & 7) != 3) {
                    continue;
                }
                byte[] out = new byte[48];
                out[0] = (byte) (4 << 3 | 4);
                out[1] = 1;
                out[2] = buf[2];
                out[3] = (byte) -20;
                System.arraycopy(buf, 40, out, 24, 8); // origin = the client's transmit
                put(out, 32, rx);
                put(out, 40, NtpTimestamp.fromEpochNanos(WallClock.SYSTEM.epochNanos()));
                socket.send(new DatagramPacket(out, 48, p.getSocketAddress()));
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                // next request
            }
        }
    }

    private static void put(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
