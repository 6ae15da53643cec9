package dev.tsq.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicTokenHandler;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Address validation with Retry (RFC 9000, 8.1.2) and the cheap connection refusals. The QUIC codec consults
 * its token handler for every Initial that would create a connection, before it creates any connection state
 * or starts TLS; it is the only per-packet hook Netty QUIC offers at that point, so the limits that must shed
 * CPU live here:
 * <ul>
 *   <li>An Initial without a token: if the server is full or the source has its quota of connections, the
 *       attempt is refused by answering with a Retry whose token is marked refused (stateless, no TLS, smaller
 *       than the Initial, so no amplification); its follow-up is dropped. Otherwise, if Retry is on (always,
 *       or because half-open connections exceed the threshold), a Retry with a real token is sent. Otherwise
 *       the connection is created.</li>
 *   <li>An Initial with a token: the token must carry a valid MAC for this source address and be younger than
 *       its lifetime, and the limits are checked again; failing either, the packet is dropped.</li>
 * </ul>
 * Netty's token handler cannot make the codec send CONNECTION_CLOSE (that needs a connection and its Initial
 * keys), so a refused client is not told: it retries until its own connect timeout.
 *
 * <p>Token: {@code flags(1) | issued millis(8) | HMAC-SHA256(key, flags | address | issued | odcid) truncated
 * to 16 bytes | odcid}. One instance per event loop (a {@link Mac} is not thread-safe); the key is shared.
 */
public final class RetryTokenHandler implements QuicTokenHandler {
    /** What the handler needs to decide, supplied by the engine. */
    public interface Gate {
        /** Null to admit a new connection from {@code sender}, else the limit that refuses it (counted). */
        dev.tsq.server.ServerLimit refuse(InetSocketAddress sender);

        /** Whether to validate the address with a Retry now. */
        boolean retryNow();

        /** A Retry was sent. */
        void retrySent();

        /** A token failed validation. */
        void invalidToken(InetSocketAddress sender);
    }

    private static final int FLAG_OK = 0;
    private static final int FLAG_REFUSED = 1;
    private static final int MAC_BYTES = 16;
    private static final int HEADER = 1 + 8 + MAC_BYTES;
    private static final int MAX_CID = 20;

    private final Mac mac;
    private final long lifetimeMillis;
    private final Gate gate;
    private final byte[] scratch = new byte[1 + 16 + 8 + MAX_CID];

    public RetryTokenHandler(byte[] key, long lifetimeMillis, Gate gate) {
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
        this.lifetimeMillis = lifetimeMillis;
        this.gate = gate;
    }

    @Override
    public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
        int flag;
        if (gate.refuse(address) != null) {
            flag = FLAG_REFUSED;
        } else if (gate.retryNow()) {
            flag = FLAG_OK;
        } else {
            return false;
        }
        long now = System.currentTimeMillis();
        byte[] tag = tag(flag, address, now, dcid, dcid.readerIndex(), dcid.readableBytes());
        out.writeByte(flag).writeLong(now).writeBytes(tag, 0, MAC_BYTES).writeBytes(dcid, dcid.readerIndex(), dcid.readableBytes());
        if (flag == FLAG_OK) {
            gate.retrySent();
        }
        return true;
    }

    @Override
    public int validateToken(ByteBuf token, InetSocketAddress address) {
        int base = token.readerIndex();
        int len = token.readableBytes();
        if (len < HEADER || len > HEADER + MAX_CID) {
            gate.invalidToken(address);
            return -1;
        }
        int flag = token.getByte(base);
        long issued = token.getLong(base + 1);
        byte[] expected = tag(flag, address, issued, token, base + HEADER, len - HEADER);
        byte[] got = new byte[MAC_BYTES];
        token.getBytes(base + 9, got);
        long age = System.currentTimeMillis() - issued;
        if (!MessageDigest.isEqual(java.util.Arrays.copyOf(expected, MAC_BYTES), got) || age < -1000 || age > lifetimeMillis) {
            gate.invalidToken(address);
            return -1;
        }
        if (flag != FLAG_OK) {
            return -1; // the follow-up of a refused attempt: already counted when refused
        }
        if (gate.refuse(address) != null) {
            return -1;
        }
        return HEADER;
    }

    @Override
    public int maxTokenLength() {
        return HEADER + MAX_CID;
    }

    private byte[] tag(int flag, InetSocketAddress address, long issued, ByteBuf cid, int cidOff, int cidLen) {
        byte[] ip = address.getAddress().getAddress();
        int p = 0;
        scratch[p++] = (byte) flag;
        System.arraycopy(ip, 0, scratch, p, ip.length);
        p += ip.length;
        for (int i = 7; i >= 0; i--) {
            scratch[p++] = (byte) (issued >>> (8 * i));
        }
        int n = Math.min(cidLen, MAX_CID);
        cid.getBytes(cidOff, scratch, p, n);
        p += n;
        mac.update(scratch, 0, p);
        return mac.doFinal();
    }
}
