/** Compiled embedding examples. */
package dev.tsq.examples;
