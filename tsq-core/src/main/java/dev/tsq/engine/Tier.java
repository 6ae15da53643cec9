package dev.tsq.engine;

/** Source tiers: TSQ sources steer; fallback (NTP) sources join selection only when too few primaries are selectable. */
public enum Tier {
    /** Authenticated TSQ sources. */
    PRIMARY,
    /** Unauthenticated fallback sources (NTP), sampled slowly. */
    FALLBACK
}
