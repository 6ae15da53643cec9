/**
 * Shared by TSQ's own modules only (a qualified export to {@code dev.tsq.client} and {@code dev.tsq.server}):
 * not an API.
 */
package dev.tsq.internal;
