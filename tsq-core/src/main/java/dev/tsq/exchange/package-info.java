/**
 * Both halves of a TSQ exchange as pure logic, for any transport: {@link dev.tsq.exchange.ClientExchange}
 * builds requests and validates the responses that answer them; {@link dev.tsq.exchange.ServerExchange} turns
 * request bytes and a receive time into response bytes, an Error response or a silent drop. The transports
 * (tsq-client, tsq-server) only move bytes and stamp times. The exceptions here say why an exchange failed.
 */
@NullMarked
package dev.tsq.exchange;

import org.jspecify.annotations.NullMarked;
