package dev.tsq.ntp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.sync.Measurement;
import dev.tsq.sync.Sample;
import dev.tsq.time.NtpTimestamp;
import org.junit.jupiter.api.Test;

class SntpPacketTest {
    private static final long T1 = 1_764_000_000_123_456_789L;

    @Test
    void requestIsVersionFourClientModeWithOnlyTheTransmitTime() {
        byte[] buf = new byte[60];
        java.util.Arrays.fill(buf, (byte) 0x55);
        long transmit = NtpTimestamp.fromEpochNanos(T1);
        SntpPacket.writeRequest(buf, 4, transmit);
        assertEquals(0x23, buf[4] & 0xff); // LI 0, VN 4, mode 3
        for (int i = 5; i < 4 + 40; i++) {
            assertEquals(0, buf[i], "byte " + i);
        }
        assertEquals(transmit, SntpPacket.getLong(buf, 4 + 40));
        assertEquals(0x55, buf[3] & 0xff); // outside the packet: untouched
        assertEquals(0x55, buf[52] & 0xff);
    }

    @Test
    void serverAnswerIsParsedAndMeasuredWithTheCoreMath() {
        long transmit = NtpTimestamp.fromEpochNanos(T1);
        // server 1 ms ahead, 40 us each way, 10 us inside the server
        long t2 = T1 + 1_000_000 + 40_000;
        long t3 = t2 + 10_000;
        long t4 = T1 + 90_000;
        byte[] p = answer(0, 4, 4, 1, transmit, NtpTimestamp.fromEpochNanos(t2), NtpTimestamp.fromEpochNanos(t3));
        SntpPacket.Response r = SntpPacket.parse(p, 0, p.length);
        assertEquals(0, r.leap());
        assertEquals(4, r.version());
        assertEquals(SntpPacket.MODE_SERVER, r.mode());
        assertEquals(1, r.stratum());
        assertEquals(transmit, r.originNtp());
        assertNull(r.problem(transmit));
        Measurement m = r.measure(T1, t4);
        Sample s = (Sample) m;
        assertEquals(80_000, s.delayNanos(), 2); // NTP fractions round to ~0.23 ns
        assertEquals(1_000_000, s.offsetNanos(), 2);
    }

    @Test
    void unusableAnswersSayWhy() {
        long transmit = NtpTimestamp.fromEpochNanos(T1);
        long t = NtpTimestamp.fromEpochNanos(T1 + 1000);
        assertTrue(parse(answer(0, 4, 3, 1, transmit, t, t)).problem(transmit).startsWith("mode 3"));
        assertTrue(parse(answer(0, 4, 4, 1, transmit + 1, t, t)).problem(transmit).startsWith("origin"));
        assertTrue(parse(answer(0, 4, 4, 0, transmit, t, t)).problem(transmit).contains("kiss"));
        assertTrue(parse(answer(3, 4, 4, 1, transmit, t, t)).problem(transmit).contains("not synchronized"));
        assertTrue(parse(answer(0, 4, 4, 1, transmit, 0, t)).problem(transmit).contains("zero"));
        assertThrows(IllegalArgumentException.class, () -> SntpPacket.parse(new byte[47], 0, 47));
    }

    private static SntpPacket.Response parse(byte[] p) {
        return SntpPacket.parse(p, 0, p.length);
    }

    private static byte[] answer(int leap, int version, int mode, int stratum, long origin, long receive,
                                 long transmit) {
        byte[] p = new byte[48];
        p[0] = (byte) (leap << 6 | version << 3 | mode);
        p[1] = (byte) stratum;
        SntpPacket.putLong(p, 24, origin);
        SntpPacket.putLong(p, 32, receive);
        SntpPacket.putLong(p, 40, transmit);
        return p;
    }
}
