/**
 * The TSQ server: {@link dev.tsq.server.TsqServer}, an embeddable QUIC listener that answers TSQ requests
 * over streams and datagrams on one UDP port, with limits, a per-source rate limit and
 * {@link dev.tsq.server.ServerCounters counters}. The exchange logic is core's
 * {@link dev.tsq.exchange.ServerExchange}; this package only moves bytes and stamps T2.
 */
@NullMarked
package dev.tsq.server;

import org.jspecify.annotations.NullMarked;
