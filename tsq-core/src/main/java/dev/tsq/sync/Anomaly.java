package dev.tsq.sync;

import java.util.Locale;

/**
 * The timestamp anomalies of draft-mccollum-ntp-tsq-01 section 6.6 for which a client discards an
 * exchange, plus arithmetic overflow. {@link Sample#measure} checks them in the order declared here
 * (see there for the exact rules).
 */
public enum Anomaly {
    /** T4 is earlier than T1: the client's clock ran backwards during the exchange. */
    CLIENT_TIME_REVERSED,
    /** T3 is earlier than T2: the server claims to have answered before it received the request. */
    SERVER_TIME_REVERSED,
    /** The round-trip delay {@code (T4 - T1) - (T3 - T2)} is zero or negative (the draft's "RTT &lt;= 0"). */
    NON_POSITIVE_DELAY,
    /** The offset's magnitude exceeds {@link AnomalyBounds#maxAbsOffsetNanos()}. */
    OFFSET_BEYOND_BOUND,
    /** The timestamps are so far apart that the delay or offset does not fit in a signed 64-bit count of nanoseconds. */
    ARITHMETIC_OVERFLOW;

    /**
     * The lower-case name used in JSON and logs, e.g. {@code non_positive_delay}.
     *
     * @return the name
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
