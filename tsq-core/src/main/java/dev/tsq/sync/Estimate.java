package dev.tsq.sync;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The combined result of a sync round, produced by {@link Combiner} and judged by {@link SyncPolicy}.
 *
 * <p>When {@link #status()} is {@link Status#AGREED}, the offset is the consensus of a majority of the
 * servers that produced valid samples, and the true offset lies within {@code offset +- uncertainty}
 * provided those servers' correctness intervals are right. Otherwise the offset and uncertainty are 0
 * and must not be applied; the all-sample statistics are still reported.
 *
 * @param status              whether there is a consensus
 * @param offsetNanos         the consensus offset (server - client; add it to the local clock); 0 unless agreed
 * @param uncertaintyNanos    bound on the consensus offset's error; 0 unless agreed
 * @param agreeingServers     the servers whose estimates formed the consensus, input order; empty unless agreed
 * @param rejectedServers     the servers left out, with reasons, input order
 * @param servers             the per-server estimates of every server that produced a valid sample, input order
 * @param validSamples        valid samples over all servers
 * @param rejectedSamples     measurements rejected for a timestamp anomaly, over all servers
 * @param medianOffsetNanos   median offset of all valid samples of all servers (0 if none): the number the
 *                            reference implementation applies, reported for comparison
 * @param stdevOffsetNanos    sample standard deviation of all valid samples' offsets (0 if fewer than two)
 * @param madOffsetNanos      median absolute deviation of all valid samples' offsets (0 if none)
 * @param medianDelayNanos    median delay of all valid samples (0 if none)
 */
public record Estimate(Status status, long offsetNanos, long uncertaintyNanos, List<String> agreeingServers,
                       List<ServerRejection> rejectedServers, List<ServerEstimate> servers,
                       int validSamples, int rejectedSamples, long medianOffsetNanos, long stdevOffsetNanos,
                       long madOffsetNanos, long medianDelayNanos) {

    /** Whether the servers reached a consensus. */
    public enum Status {
        /** More than half of the round's servers (answered or not) agree. */
        AGREED,
        /** No server produced a valid sample. */
        NO_USABLE_SAMPLES,
        /** Servers produced samples but no group of more than half of the round's servers (answered or not) agrees. */
        NO_MAJORITY;

        /**
         * The lower-case name used in JSON, e.g. {@code no_majority}.
         *
         * @return the name
         */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An estimate; lists are copied.
     *
     * @param status              whether there is a consensus
     * @param offsetNanos         the consensus offset (server - client; add it to the local clock); 0 unless agreed
     * @param uncertaintyNanos    bound on the consensus offset's error; 0 unless agreed
     * @param agreeingServers     the servers whose estimates formed the consensus, input order; empty unless agreed
     * @param rejectedServers     the servers left out, with reasons, input order
     * @param servers             the per-server estimates of every server that produced a valid sample, input order
     * @param validSamples        valid samples over all servers
     * @param rejectedSamples     measurements rejected for a timestamp anomaly, over all servers
     * @param medianOffsetNanos   median offset of all valid samples of all servers (0 if none): the number the
     *                            reference implementation applies, reported for comparison
     * @param stdevOffsetNanos    sample standard deviation of all valid samples' offsets (0 if fewer than two)
     * @param madOffsetNanos      median absolute deviation of all valid samples' offsets (0 if none)
     * @param medianDelayNanos    median delay of all valid samples (0 if none)
     * @throws NullPointerException     when a list or the status is null
     * @throws IllegalArgumentException when the fields contradict the status (e.g. a non-zero offset without a consensus)
     */
    public Estimate {
        Objects.requireNonNull(status, "status");
        agreeingServers = List.copyOf(Objects.requireNonNull(agreeingServers, "agreeingServers"));
        rejectedServers = List.copyOf(Objects.requireNonNull(rejectedServers, "rejectedServers"));
        servers = List.copyOf(Objects.requireNonNull(servers, "servers"));
        if (validSamples < 0) {
            throw new IllegalArgumentException("validSamples: " + validSamples + " (expected: >= 0)");
        }
        if (rejectedSamples < 0) {
            throw new IllegalArgumentException("rejectedSamples: " + rejectedSamples + " (expected: >= 0)");
        }
        if (uncertaintyNanos < 0) {
            throw new IllegalArgumentException("uncertaintyNanos: " + uncertaintyNanos + " (expected: >= 0)");
        }
        if (stdevOffsetNanos < 0 || madOffsetNanos < 0 || medianDelayNanos < 0) {
            throw new IllegalArgumentException("stdevOffsetNanos: " + stdevOffsetNanos + ", madOffsetNanos: "
                    + madOffsetNanos + ", medianDelayNanos: " + medianDelayNanos + " (expected: all >= 0)");
        }
        if (status == Status.AGREED) {
            if (agreeingServers.isEmpty()) {
                throw new IllegalArgumentException("agreeingServers: [] (expected: non-empty when status is AGREED)");
            }
            Set<String> known = new HashSet<>();
            servers.forEach(s -> known.add(s.server()));
            for (String name : agreeingServers) {
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("agreeingServers: " + name
                            + " (expected: a server listed in servers)");
                }
            }
        } else {
            if (!agreeingServers.isEmpty() || offsetNanos != 0 || uncertaintyNanos != 0) {
                throw new IllegalArgumentException("agreeingServers: " + agreeingServers + ", offsetNanos: "
                        + offsetNanos + ", uncertaintyNanos: " + uncertaintyNanos
                        + " (expected: empty, 0 and 0 when status is " + status + ")");
            }
        }
        if ((status == Status.NO_USABLE_SAMPLES) != (validSamples == 0)) {
            throw new IllegalArgumentException("validSamples: " + validSamples + " (expected: "
                    + (status == Status.NO_USABLE_SAMPLES ? "0" : "> 0") + " when status is " + status + ")");
        }
        if ((validSamples == 0) != servers.isEmpty()) {
            throw new IllegalArgumentException("servers: " + servers.size()
                    + " estimates (expected: none exactly when there are no valid samples)");
        }
    }

    /**
     * The estimate of a round in which nothing usable arrived (every server failed or was not asked).
     *
     * @param rejectedServers the servers, each rejected with its reason
     * @param rejectedSamples measurements rejected for a timestamp anomaly
     * @return the estimate
     */
    public static Estimate noUsableSamples(List<ServerRejection> rejectedServers, int rejectedSamples) {
        return new Estimate(Status.NO_USABLE_SAMPLES, 0, 0, List.of(), rejectedServers, List.of(), 0,
                rejectedSamples, 0, 0, 0, 0);
    }

    /**
     * The servers of the round, answered or not: those with an estimate plus those rejected for having no
     * valid sample. The majority is counted over these.
     */
    public int configuredServers() {
        int silent = 0;
        for (ServerRejection r : rejectedServers) {
            if (r.reason() == ServerRejection.Reason.NO_VALID_SAMPLES) {
                silent++;
            }
        }
        return servers.size() + silent;
    }

    /** The servers that produced at least one valid sample. */
    public int answeredServers() {
        return servers.size();
    }

    /**
     * True when {@link #status()} is {@link Status#AGREED}.
     *
     * @return true when agreed
     */
    public boolean hasConsensus() {
        return status == Status.AGREED;
    }

    /**
     * The estimate of the named server, if it produced a valid sample.
     *
     * @param name the server's name
     * @return its estimate, or empty
     */
    public Optional<ServerEstimate> server(String name) {
        return servers.stream().filter(s -> s.server().equals(name)).findFirst();
    }
}
