package dev.tsq.engine;

/** The system's state as the engine vouches for it. */
public enum SyncState {
    /** Never synchronised since start (or since a reset). */
    UNSYNCHRONIZED,
    /** Steered by a majority of sources. */
    SYNCHRONIZED,
    /** Was synchronised; no source selectable now: running on the last frequency with a growing error bound. */
    HOLDOVER
}
