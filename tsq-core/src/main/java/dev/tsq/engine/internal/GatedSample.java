package dev.tsq.engine.internal;

/**
 * A sample the gate let through, in seconds relative to the engine's epoch.
 *
 * @param t the mono time of the measurement's midpoint (T4 − delay/2), seconds since the engine's epoch
 * @param offset true − local, seconds
 * @param delay round-trip delay, seconds
 * @param serverError what the server says of its own error, seconds
 */
public record GatedSample(double t, double offset, double delay, double serverError) {}
