package dev.tsq.server.internal;

import dev.tsq.server.ServerEventListener;

/**
 * The limits a {@link ServerEngine} enforces (checked by the public builder).
 *
 * @param signedCost        rate-limit tokens a request that will be signed takes (an unsigned one takes 1)
 * @param alwaysSigned      every response is signed (alwaysSign with a signer)
 * @param retryHalfOpen     Retry is switched on while more than this many connections are half-open;
 *                          0 means always
 * @param kernelTimestamps  T2 from the kernel's receive stamps where the platform gives them
 */
public record EngineConfig(int maxConnections, int maxConnectionsPerSource, long handshakeTimeoutNanos,
                           long streamTimeoutNanos, long queryIdleNanos, double signedCost, boolean alwaysSigned,
                           int retryHalfOpen, int maxRequestBytes, int maxResponseBytes,
                           ServerEventListener events, boolean kernelTimestamps) {
}
