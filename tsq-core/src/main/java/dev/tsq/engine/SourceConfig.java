package dev.tsq.engine;

import java.util.Objects;

/**
 * One configured source: a name for status lines and its tier.
 *
 * @param name the name
 * @param tier the tier
 */
public record SourceConfig(String name, Tier tier) {
    /**
     * A source.
     *
     * @param name the name
     * @param tier the tier
     * @throws NullPointerException when either is null
     */
    public SourceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tier, "tier");
    }
}
