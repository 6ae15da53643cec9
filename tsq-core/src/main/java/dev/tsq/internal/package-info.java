/**
 * Shared by TSQ's own modules only (a qualified export to {@code dev.tsq.client}, {@code dev.tsq.server} and
 * {@code dev.tsq.clock.linux}):
 * not an API.
 */
package dev.tsq.internal;
