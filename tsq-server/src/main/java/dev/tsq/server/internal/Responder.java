package dev.tsq.server.internal;

import dev.tsq.exchange.TransportMode;

/**
 * Turns request bytes into response bytes: the seam between the QUIC transport and the exchange logic
 * ({@link dev.tsq.exchange.ServerExchange#respond} in production). Called on the event loop only.
 */
@FunctionalInterface
public interface Responder {
    /**
     * @param t2EpochNanos receive time of the UDP packet that completed the request (server clock)
     * @param t3LeadNanos  added to T3: the transport's estimate of its send path after T3 is read
     * @return response length written at {@code out[outOff]}; 0 means send nothing
     */
    int respond(byte[] in, int off, int len, long t2EpochNanos, TransportMode mode, byte[] out, int outOff,
                long t3LeadNanos);
}
