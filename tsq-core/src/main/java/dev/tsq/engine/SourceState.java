package dev.tsq.engine;

/** What the selector made of a source at its last update. */
public enum SourceState {
    /** Not enough samples yet. */
    INITIALIZING,
    /** The source the system estimate is anchored on. */
    SELECTED,
    /** In the majority and combined, not the selected one. */
    CANDIDATE,
    /** Outside the majority's interval: excluded. */
    FALSETICKER,
    /** Its reach register shows no recent answer. */
    UNREACHABLE,
    /** The server said it is rate-limiting us: backing off. */
    RATE_LIMITED,
    /** A fallback source while primaries suffice: measured, not used. */
    STANDBY
}
