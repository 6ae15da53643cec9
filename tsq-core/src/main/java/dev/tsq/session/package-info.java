/**
 * The client's per-server session as pure logic: one source's queries and their attempts (datagram retries,
 * deadlines, AUTO demotion from datagrams to streams, nonce matching, failure classification).
 *
 * <p>A {@link dev.tsq.session.SourceSession} takes events with the monotonic time {@code now} as an argument
 * and returns {@link dev.tsq.session.SessionAction}s for a driver to execute: the Netty client executes them
 * over QUIC, a simulator in simulated time. It never reads a clock, opens a socket or starts a thread.
 * Expected failures are values ({@link dev.tsq.session.QueryFailure}), never thrown.
 *
 * <p>The schedule <em>between</em> queries (poll intervals, bursts, reach) is not here: that is the engine's
 * poll scheduler, which starts the queries of a session.
 */
package dev.tsq.session;
