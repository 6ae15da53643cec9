package dev.tsq.sync;

import java.util.Objects;

/**
 * An exchange whose timestamps showed an {@link Anomaly}; it must not influence the clock
 * (draft section 6.6: "clients SHOULD discard the result").
 *
 * @param t1      client transmit time (client clock), epoch nanoseconds
 * @param t2      server receive time (server clock), epoch nanoseconds
 * @param t3      server transmit time (server clock), epoch nanoseconds
 * @param t4      client receive time (client clock), epoch nanoseconds
 * @param anomaly the first anomaly found, in {@link Sample#measure}'s checking order
 * @param detail  a human-readable explanation with the offending values, for logs
 */
public record RejectedSample(long t1, long t2, long t3, long t4, Anomaly anomaly, String detail)
        implements Measurement {

    /**
     * A rejected exchange.
     *
     * @param t1      client transmit time (client clock), epoch nanoseconds
     * @param t2      server receive time (server clock), epoch nanoseconds
     * @param t3      server transmit time (server clock), epoch nanoseconds
     * @param t4      client receive time (client clock), epoch nanoseconds
     * @param anomaly the first anomaly found, in {@link Sample#measure}'s checking order
     * @param detail  a human-readable explanation with the offending values, for logs
     * @throws NullPointerException when the anomaly or the detail is null
     */
    public RejectedSample {
        Objects.requireNonNull(anomaly, "anomaly");
        Objects.requireNonNull(detail, "detail");
    }
}
