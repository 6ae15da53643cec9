/**
 * The TSQ client: {@link dev.tsq.client.TsqClient} queries servers over QUIC datagrams or streams (one
 * reused connection per server, many queries in flight matched by nonce) and returns immutable
 * {@link dev.tsq.client.TsqSample}s; failures are typed ({@link dev.tsq.client.HandshakeException},
 * {@link dev.tsq.client.UnreachableException}, {@link dev.tsq.client.QueryTimeoutException}, and core's
 * exchange exceptions), and each failure of a series is also a value, {@link dev.tsq.client.TsqFailure}, that
 * carries the connection it ran on. {@link dev.tsq.client.TsqClientListener} hears connections, queries,
 * demotions and unmatched datagrams; {@link dev.tsq.client.ClientCounters} are their totals. The exchange logic
 * is core's {@link dev.tsq.exchange.ClientExchange}, the per-server decisions core's
 * {@link dev.tsq.session.SourceSession}; this package moves bytes and stamps T1 and T4.
 */
@NullMarked
package dev.tsq.client;

import org.jspecify.annotations.NullMarked;
