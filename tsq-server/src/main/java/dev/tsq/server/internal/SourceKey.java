package dev.tsq.server.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The unit a per-source limit counts: an IPv4 address (/32) or an IPv6 /64 prefix (one end site usually
 * owns a whole /64, so counting /128s would hand every host of it, and every address it can invent, a fresh
 * budget). IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
public record SourceKey(boolean v6, long bits) {
    public static SourceKey of(InetAddress address) {
        byte[] a = address.getAddress();
        if (address instanceof Inet4Address || a.length == 4) {
            return new SourceKey(false, ((a[0] & 0xFFL) << 24) | ((a[1] & 0xFFL) << 16) | ((a[2] & 0xFFL) << 8) | (a[3] & 0xFFL));
        }
        if (address instanceof Inet6Address && isV4Mapped(a)) {
            return new SourceKey(false, ((a[12] & 0xFFL) << 24) | ((a[13] & 0xFFL) << 16) | ((a[14] & 0xFFL) << 8) | (a[15] & 0xFFL));
        }
        long hi = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (a[i] & 0xFFL);
        }
        return new SourceKey(true, hi);
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    @Override
    public String toString() {
        if (!v6) {
            return ((bits >>> 24) & 0xFF) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "." + (bits & 0xFF);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 3; i >= 0; i--) {
            sb.append(Long.toHexString((bits >>> (16 * i)) & 0xFFFF)).append(':');
        }
        return sb.append(":/64").toString();
    }
}
