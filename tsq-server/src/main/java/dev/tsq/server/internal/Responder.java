package dev.tsq.server.internal;

/**
 * Turns request bytes into response bytes: the seam between the QUIC transport and the exchange logic.
 * Called on the event loop only.
 */
@FunctionalInterface
public interface Responder {
    /**
     * @param t2EpochNanos receive time of the UDP packet that completed the request (server clock)
     * @param datagram     true for DATAGRAM mode, false for STREAM mode
     * @return response length written at {@code out[outOff]}; 0 means send nothing
     */
    int respond(byte[] in, int off, int len, long t2EpochNanos, boolean datagram, byte[] out, int outOff);
}
