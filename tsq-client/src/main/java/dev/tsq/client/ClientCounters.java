package dev.tsq.client;

/**
 * What a {@link TsqClient} has done since it was built, as one immutable snapshot ({@link TsqClient#counters()}).
 * Each field is read atomically; the snapshot as a whole is not taken under a lock, so counters updated while it
 * is taken may be one event apart.
 *
 * @param queriesStarted     queries begun (including those that failed before anything was sent)
 * @param queriesSucceeded   queries that ended with a sample
 * @param queriesFailed      queries that ended without one
 * @param connects           QUIC connections established
 * @param connectFailures    handshakes that failed or got no answer
 * @param demotions          servers AUTO mode stopped sending datagrams to
 * @param unmatchedDatagrams datagram responses that answered no pending request
 * @param lastOffsetNanos    offset of the latest sample (server minus client); 0 before the first
 * @param lastRttNanos       round-trip delay of the latest sample; 0 before the first
 * @param silenceDrops       connections dropped because queries in a row went unanswered (the server may have
 *                           restarted and forgotten them); the next query to that server connects anew
 */
public record ClientCounters(long queriesStarted, long queriesSucceeded, long queriesFailed, long connects,
                             long connectFailures, long demotions, long unmatchedDatagrams, long lastOffsetNanos,
                             long lastRttNanos, long silenceDrops) {
    /** Counters without {@link #silenceDrops()} (0), as before it was counted. */
    public ClientCounters(long queriesStarted, long queriesSucceeded, long queriesFailed, long connects,
                          long connectFailures, long demotions, long unmatchedDatagrams, long lastOffsetNanos,
                          long lastRttNanos) {
        this(queriesStarted, queriesSucceeded, queriesFailed, connects, connectFailures, demotions,
                unmatchedDatagrams, lastOffsetNanos, lastRttNanos, 0);
    }

    /** Queries started and not yet ended. */
    public long queriesInFlight() {
        return queriesStarted - queriesSucceeded - queriesFailed;
    }
}
