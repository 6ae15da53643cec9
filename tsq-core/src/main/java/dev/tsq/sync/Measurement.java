package dev.tsq.sync;

/**
 * The outcome of one request/response exchange: either a usable {@link Sample} or a
 * {@link RejectedSample} that says which timestamp anomaly it showed.
 *
 * <p>T1 and T4 are read from the client's clock, T2 and T3 from the server's; all four are epoch
 * nanoseconds: T1 request sent, T2 request received, T3 response sent, T4 response received.
 */
public sealed interface Measurement permits Sample, RejectedSample {

    /**
     * Client transmit time (client clock), epoch nanoseconds.
     *
     * @return T1
     */
    long t1();

    /**
     * Server receive time (server clock), epoch nanoseconds.
     *
     * @return T2
     */
    long t2();

    /**
     * Server transmit time (server clock), epoch nanoseconds.
     *
     * @return T3
     */
    long t3();

    /**
     * Client receive time (client clock), epoch nanoseconds.
     *
     * @return T4
     */
    long t4();

    /**
     * True for a {@link Sample}, false for a {@link RejectedSample}.
     *
     * @return true when usable
     */
    default boolean valid() {
        return this instanceof Sample;
    }
}
