/**
 * Compiled embedding examples of the TSQ libraries, each tested against a loopback server:
 * {@link dev.tsq.examples.QueryOffset} (a plain client), {@link dev.tsq.examples.EmbeddedServer} (a service that
 * embeds a server) and {@link dev.tsq.examples.OneShotSync} (a one-shot sync with the Linux clock adjuster, a dry
 * run unless {@code TSQ_ALLOW_CLOCK_CHANGE=1}). The README's snippets are copied from their {@code region} blocks.
 */
package dev.tsq.examples;
