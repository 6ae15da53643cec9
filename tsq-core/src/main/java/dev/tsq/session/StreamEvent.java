package dev.tsq.session;

/** What a driver saw happen to the stream of one attempt, other than data. */
public enum StreamEvent {
    /** The stream could not be opened. */
    OPEN_FAILED,
    /** The peer finished its side (FIN) and every byte has been handed to the session. */
    ENDED,
    /** The stream closed (reset, or the connection went away). */
    CLOSED,
    /** The peer sent more bytes than the driver buffers for one response. */
    TOO_LARGE,
    /** The transport reported an error on the stream. */
    ERROR
}
