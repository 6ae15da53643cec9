/** Micrometer binding of TSQ figures. */
package dev.tsq.micrometer;
