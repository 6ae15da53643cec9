package dev.tsq.engine;

import java.util.Objects;

/** One configured source: a name for status lines and its tier. */
public record SourceConfig(String name, Tier tier) {
    public SourceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tier, "tier");
    }
}
