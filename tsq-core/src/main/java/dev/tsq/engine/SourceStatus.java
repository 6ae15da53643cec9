package dev.tsq.engine;

import org.jspecify.annotations.Nullable;

/**
 * One source as the engine sees it now.
 *
 * @param name the source's name
 * @param tier its tier
 * @param state what the engine makes of it now
 * @param offsetNanos its filtered offset
 * @param uncertaintyNanos that offset's uncertainty
 * @param delayNanos its filtered round-trip delay
 * @param frequencyPpm its frequency estimate, ppm
 * @param reach the 8-bit reach register (bit 0 = the last poll answered)
 * @param pollExponent the current poll interval, log2 seconds
 * @param lastError the last failure's detail, or null
 */
public record SourceStatus(String name, Tier tier, SourceState state, long offsetNanos, long uncertaintyNanos,
                           long delayNanos, double frequencyPpm, int reach, int pollExponent,
                           @Nullable String lastError) {}
