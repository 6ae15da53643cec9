package dev.tsq.ntp;

import dev.tsq.sync.Measurement;
import dev.tsq.sync.Sample;
import dev.tsq.time.NtpTimestamp;

/**
 * The 48-byte NTPv4 packet (RFC 5905 section 7.3) as an SNTP client uses it (RFC 4330): a mode-3 request
 * that carries only the client's transmit time, and the mode-4 answer that echoes it as the origin time
 * and adds the server's receive and transmit times. Offset and delay come from the same core math
 * ({@link Sample#measure}) the TSQ client uses, so the NTP and TSQ rows are computed alike.
 */
public final class SntpPacket {
    /** Bytes in a packet without extension fields or MAC. */
    public static final int LENGTH = 48;
    /** Client mode. */
    public static final int MODE_CLIENT = 3;
    /** Server mode. */
    public static final int MODE_SERVER = 4;
    /** NTP version we send. */
    public static final int VERSION = 4;
    /** Leap indicator "alarm": the server is not synchronized. */
    public static final int LEAP_UNSYNCHRONIZED = 3;

    private static final int ORIGIN = 24;
    private static final int RECEIVE = 32;
    private static final int TRANSMIT = 40;

    private SntpPacket() {
    }

    /**
     * Writes a client request into {@code buf[off, off + 48)}: LI 0, VN 4, mode 3, everything zero but the
     * transmit timestamp.
     *
     * @param transmitNtp the client's transmit time as a 64-bit NTP timestamp (the server echoes it back)
     */
    public static void writeRequest(byte[] buf, int off, long transmitNtp) {
        java.util.Arrays.fill(buf, off, off + LENGTH, (byte) 0);
        buf[off] = (byte) (VERSION << 3 | MODE_CLIENT);
        putLong(buf, off + TRANSMIT, transmitNtp);
    }

    /** The fields of a server's answer that an SNTP client uses. Timestamps are raw 64-bit NTP values. */
    public record Response(int leap, int version, int mode, int stratum, long originNtp, long receiveNtp,
                           long transmitNtp) {

        /**
         * Why this is not a usable answer to a request sent with {@code requestTransmitNtp}, or null if it is:
         * wrong mode, origin not our transmit time (stale or forged), stratum 0 (kiss-o'-death), unsynchronized.
         */
        public String problem(long requestTransmitNtp) {
            if (mode != MODE_SERVER) {
                return "mode " + mode + " (expected: 4, server)";
            }
            if (originNtp != requestTransmitNtp) {
                return "origin " + Long.toHexString(originNtp) + " is not our transmit time "
                        + Long.toHexString(requestTransmitNtp);
            }
            if (stratum == 0) {
                return "stratum 0 (kiss-o'-death)";
            }
            if (leap == LEAP_UNSYNCHRONIZED) {
                return "leap indicator 3 (server not synchronized)";
            }
            if (receiveNtp == 0 || transmitNtp == 0) {
                return "zero receive or transmit time";
            }
            return null;
        }

        /**
         * The exchange's offset and delay: T1 and T4 are the client's epoch nanoseconds; T2 and T3 come from the
         * packet, unwrapped into the NTP era nearest T1.
         */
        public Measurement measure(long t1EpochNanos, long t4EpochNanos) {
            long t2 = NtpTimestamp.epochNanosOf(receiveNtp, t1EpochNanos);
            long t3 = NtpTimestamp.epochNanosOf(transmitNtp, t1EpochNanos);
            return Sample.measure(t1EpochNanos, t2, t3, t4EpochNanos);
        }
    }

    /**
     * Reads a packet's header fields and timestamps.
     *
     * @throws IllegalArgumentException when fewer than 48 bytes are given
     */
    public static Response parse(byte[] buf, int off, int len) {
        if (len < LENGTH || off < 0 || off + len > buf.length) {
            throw new IllegalArgumentException("packet: " + len + " bytes (expected: at least " + LENGTH + ")");
        }
        int b0 = buf[off] & 0xff;
        return new Response(b0 >>> 6, (b0 >>> 3) & 7, b0 & 7, buf[off + 1] & 0xff, getLong(buf, off + ORIGIN),
                getLong(buf, off + RECEIVE), getLong(buf, off + TRANSMIT));
    }

    static void putLong(byte[] buf, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            buf[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    static long getLong(byte[] buf, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (buf[off + i] & 0xff);
        }
        return v;
    }
}
