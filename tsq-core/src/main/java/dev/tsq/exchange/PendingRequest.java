package dev.tsq.exchange;

import dev.tsq.wire.Nonce;
import dev.tsq.wire.TimeRequest;

/**
 * A request that has been built and is waiting for its response: the value, its nonce (to match the
 * response) and its encoded bytes. Immutable; {@link #copyTo} hands the bytes to a transport.
 */
public final class PendingRequest {
    private final TimeRequest request;
    private final byte[] bytes;

    PendingRequest(TimeRequest request, byte[] bytes) {
        this.request = request;
        this.bytes = bytes;
    }

    /**
     * The request as a value.
     *
     * @return the request
     */
    public TimeRequest request() {
        return request;
    }

    /**
     * The request's nonce, which its response must echo.
     *
     * @return the nonce
     */
    public Nonce nonce() {
        return request.nonce();
    }

    /**
     * A copy of the encoded request.
     *
     * @return the request's bytes
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Length of the encoded request.
     *
     * @return the bytes on the wire
     */
    public int length() {
        return bytes.length;
    }

    /**
     * Copies the encoded request into {@code out} at {@code off}; returns its length.
     *
     * @param out where to copy
     * @param off the first byte written
     * @return the request's length
     */
    public int copyTo(byte[] out, int off) {
        System.arraycopy(bytes, 0, out, off, bytes.length);
        return bytes.length;
    }

    /**
     * Writes the encoded request into a NIO buffer (e.g. a Netty buffer's NIO view).
     *
     * @param out the buffer; its position advances by the request's length
     */
    public void writeTo(java.nio.ByteBuffer out) {
        out.put(bytes);
    }

    @Override
    public String toString() {
        return "PendingRequest[nonce=" + request.nonce() + ", " + bytes.length + " bytes]";
    }
}
