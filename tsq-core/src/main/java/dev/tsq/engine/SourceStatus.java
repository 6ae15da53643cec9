package dev.tsq.engine;

/**
 * One source as the engine sees it now.
 *
 * @param reach the 8-bit reach register (bit 0 = the last poll answered)
 * @param pollExponent the current poll interval, log2 seconds
 * @param lastError the last failure's detail, or null
 */
public record SourceStatus(String name, Tier tier, SourceState state, long offsetNanos, long uncertaintyNanos,
                           long delayNanos, double frequencyPpm, int reach, int pollExponent, String lastError) {}
