/** The simulator: oscillator, kernel clock, network and recorder, driving dev.tsq.engine in simulated time. */
package dev.tsq.sim;
