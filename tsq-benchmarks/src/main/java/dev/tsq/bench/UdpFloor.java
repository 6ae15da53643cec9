package dev.tsq.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;

/**
 * The floor every UDP protocol stands on: a plain JDK {@link DatagramSocket} echo of an 18-byte payload
 * (the size of a bare TSQ request) over loopback. An echo thread in this JVM sends every packet back; the
 * round trip is {@code System.nanoTime()} from just before {@code send} to just after {@code receive}
 * returns, on one thread.
 */
public final class UdpFloor {
    /** Bytes echoed (a bare TSQ request is 18 bytes). */
    public static final int PAYLOAD = 18;

    private UdpFloor() {
    }

    /** {@code warmup} unrecorded round trips, then {@code count} recorded ones (nanoseconds). */
    public static long[] measure(int warmup, int count) throws IOException, InterruptedException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (DatagramSocket echo = new DatagramSocket(new InetSocketAddress(lo, 0));
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(lo, 0))) {
            Thread echoThread = new Thread(() -> echo(echo), "udp-echo");
            echoThread.setDaemon(true);
            echoThread.start();
            client.connect(echo.getLocalSocketAddress());
            client.setSoTimeout(1000);
            byte[] out = new byte[PAYLOAD];
            byte[] in = new byte[64];
            DatagramPacket send = new DatagramPacket(out, out.length);
            DatagramPacket recv = new DatagramPacket(in, in.length);
            long[] rtt = new long[count];
            for (int i = -warmup; i < count; i++) {
                out[0] = (byte) i;
                recv.setLength(in.length);
                long t0 = System.nanoTime();
                client.send(send);
                client.receive(recv);
                long t1 = System.nanoTime();
                if (recv.getLength() != PAYLOAD || in[0] != out[0]) {
                    throw new IOException("echo returned " + recv.getLength() + " bytes out of order");
                }
                if (i >= 0) {
                    rtt[i] = t1 - t0;
                }
            }
            echo.close();
            echoThread.join(1000);
            return rtt;
        }
    }

    private static void echo(DatagramSocket s) {
        byte[] buf = new byte[64];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            while (true) {
                p.setLength(buf.length);
                s.receive(p);
                s.send(p);
            }
        } catch (SocketException closed) {
            // done
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
