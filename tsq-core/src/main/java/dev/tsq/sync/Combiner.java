package dev.tsq.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Combines the samples of many servers into one {@link Estimate}, outvoting servers that lie.
 *
 * <p>Each server is reduced by the {@link SampleFilter} to an estimate with a correctness interval
 * {@code [offset - error, offset + error]}. Every server of the round is in the electorate ({@code n}),
 * whether it answered or not: a server that produced no valid sample (unreachable, timed out, unsigned
 * when signatures are required, only anomalies) is rejected and counts as a vote for nobody. So with three
 * servers configured and two unreachable, the last one alone is 1 of 3, not "1 of 1": an attacker who can
 * silence servers cannot thereby make a minority the majority. Then, as NTP's clock select algorithm (the
 * selection algorithm of RFC 5905, after Marzullo) does:
 * <ol>
 *   <li>find {@code m}, the largest number of intervals that share a common point (closed intervals:
 *       touching counts);</li>
 *   <li>if {@code 2 m <= n} there is no majority: status {@link Estimate.Status#NO_MAJORITY}, every
 *       server rejected, nothing to apply (an even split, 2 of 4 or 3 of 6, is no majority);</li>
 *   <li>otherwise let {@code [low, high]} span from the leftmost to the rightmost point covered by
 *       {@code m} intervals (with a single such region this is exactly the common intersection of the
 *       largest agreeing group); the agreeing servers ("truechimers") are those whose intervals
 *       intersect {@code [low, high]}, the others are falsetickers;</li>
 *   <li>the offset is the median of the agreeing servers' offsets (floored mean of the middle two for
 *       an even count), clamped into {@code [low, high]};</li>
 *   <li>the uncertainty is the distance from that offset to the farther end of {@code [low, high]}:
 *       if the majority's intervals are right, the true offset lies in {@code [low, high]}, hence
 *       within {@code offset +- uncertainty}.</li>
 * </ol>
 * The all-sample statistics (median, stdev, MAD, median delay) are over every valid sample of every
 * server, liars included; they describe the round, not the consensus.
 *
 * @param filter the per-server filter
 */
public record Combiner(SampleFilter filter) {

    /** A combiner with {@link SampleFilter#DEFAULT}. */
    public static final Combiner DEFAULT = new Combiner(SampleFilter.DEFAULT);

    /**
     * A combiner.
     *
     * @param filter the per-server filter
     * @throws NullPointerException when {@code filter} is null
     */
    public Combiner {
        Objects.requireNonNull(filter, "filter");
    }

    /**
     * Combines measurements keyed by server name, in the map's iteration order (use a
     * {@link LinkedHashMap} for a stable report order); no server declares an error of its own.
     *
     * @param measurementsByServer each server's measurements, by server name
     * @return the estimate
     */
    public Estimate combine(Map<String, ? extends List<? extends Measurement>> measurementsByServer) {
        Objects.requireNonNull(measurementsByServer, "measurementsByServer");
        List<ServerSamples> servers = new ArrayList<>(measurementsByServer.size());
        measurementsByServer.forEach((name, list) -> servers.add(new ServerSamples(name, list)));
        return combine(servers);
    }

    /**
     * Combines the servers' measurements.
     *
     * @throws IllegalArgumentException if two entries name the same server
     * @param servers each server's measurements and declared error
     * @return the estimate
     */
    public Estimate combine(List<ServerSamples> servers) {
        Objects.requireNonNull(servers, "servers");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < servers.size(); i++) {
            ServerSamples s = Objects.requireNonNull(servers.get(i), "servers[" + i + "]");
            if (!names.add(s.server())) {
                throw new IllegalArgumentException("servers[" + i + "]: " + s.server()
                        + " (expected: each server at most once)");
            }
        }

        List<ServerEstimate> estimates = new ArrayList<>();
        List<ServerRejection> rejections = new ArrayList<>();
        List<Sample> allValid = new ArrayList<>();
        int rejectedSamples = 0;
        for (ServerSamples s : servers) {
            rejectedSamples += s.rejected().size();
            allValid.addAll(s.samples());
            Optional<ServerEstimate> estimate = filter.estimate(s);
            if (estimate.isPresent()) {
                estimates.add(estimate.get());
            } else {
                rejections.add(new ServerRejection(s.server(), ServerRejection.Reason.NO_VALID_SAMPLES,
                        describeNoValidSamples(s)));
            }
        }
        if (estimates.isEmpty()) {
            return Estimate.noUsableSamples(rejections, rejectedSamples);
        }
        SampleStats all = SampleStats.of(allValid);

        int n = servers.size();
        Intersection best = intersect(estimates);
        if (2L * best.count <= n) {
            for (ServerEstimate e : estimates) {
                rejections.add(new ServerRejection(e.server(), ServerRejection.Reason.NO_MAJORITY,
                        "largest group with intersecting intervals has " + best.count + " of " + n
                                + " servers (" + estimates.size() + " answered; need more than " + n / 2
                                + "); this server's interval [" + e.lowNanos() + ", " + e.highNanos() + "] ns"));
            }
            return new Estimate(Estimate.Status.NO_MAJORITY, 0, 0, List.of(), reorder(rejections, servers),
                    estimates, allValid.size(), rejectedSamples, all.medianOffsetNanos(),
                    all.stdevOffsetNanos(), all.madOffsetNanos(), all.medianDelayNanos());
        }

        List<String> agreeing = new ArrayList<>();
        List<Long> agreeingOffsets = new ArrayList<>();
        for (ServerEstimate e : estimates) {
            if (e.lowNanos() <= best.high && e.highNanos() >= best.low) {
                agreeing.add(e.server());
                agreeingOffsets.add(e.offsetNanos());
            } else {
                rejections.add(new ServerRejection(e.server(), ServerRejection.Reason.FALSETICKER,
                        "interval [" + e.lowNanos() + ", " + e.highNanos() + "] ns does not intersect the majority's ["
                                + best.low + ", " + best.high + "] ns (" + best.count + " of " + n + " servers agree)"));
            }
        }
        long[] offsets = agreeingOffsets.stream().mapToLong(Long::longValue).toArray();
        long median = LongStats.medianInPlace(offsets);
        long offset = Math.min(Math.max(median, best.low), best.high);
        long uncertainty = Math.max(LongStats.absDiff(offset, best.low), LongStats.absDiff(best.high, offset));
        return new Estimate(Estimate.Status.AGREED, offset, uncertainty, agreeing, reorder(rejections, servers),
                estimates, allValid.size(), rejectedSamples, all.medianOffsetNanos(), all.stdevOffsetNanos(),
                all.madOffsetNanos(), all.medianDelayNanos());
    }

    /** The largest number of the servers' correctness intervals that share a common point (0 for none). */
    static int largestAgreeingGroup(List<ServerEstimate> estimates) {
        return estimates.isEmpty() ? 0 : intersect(estimates).count;
    }

    /** The largest number of intervals sharing a point, and the span of the points covered that often. */
    private record Intersection(int count, long low, long high) {
    }

    /** Marzullo's sweep over the interval endpoints: starts sort before ends at equal values (closed intervals). */
    private static Intersection intersect(List<ServerEstimate> estimates) {
        int n = estimates.size();
        long[][] events = new long[2 * n][];
        for (int i = 0; i < n; i++) {
            events[2 * i] = new long[] {estimates.get(i).lowNanos(), 0};     // 0 = start
            events[2 * i + 1] = new long[] {estimates.get(i).highNanos(), 1}; // 1 = end
        }
        Arrays.sort(events, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int count = 0;
        int max = 0;
        for (long[] e : events) {
            count += e[1] == 0 ? 1 : -1;
            max = Math.max(max, count);
        }
        long low = 0;
        long high = 0;
        boolean lowFound = false;
        count = 0;
        for (long[] e : events) {
            if (e[1] == 0) {
                count++;
                if (count == max && !lowFound) {
                    low = e[0];
                    lowFound = true;
                }
            } else {
                if (count == max) {
                    high = e[0];
                }
                count--;
            }
        }
        return new Intersection(max, low, high);
    }

    private static String describeNoValidSamples(ServerSamples s) {
        if (s.measurements().isEmpty()) {
            return "no measurements";
        }
        Map<Anomaly, Integer> counts = new EnumMap<>(Anomaly.class);
        for (RejectedSample r : s.rejected()) {
            counts.merge(r.anomaly(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder("all ").append(s.measurements().size())
                .append(" measurements rejected:");
        counts.forEach((a, c) -> sb.append(' ').append(a.wireName()).append('=').append(c));
        return sb.toString();
    }

    /** Rejections in the servers' input order. */
    private static List<ServerRejection> reorder(List<ServerRejection> rejections, List<ServerSamples> servers) {
        Map<String, ServerRejection> byName = new LinkedHashMap<>();
        rejections.forEach(r -> byName.put(r.server(), r));
        List<ServerRejection> out = new ArrayList<>(rejections.size());
        for (ServerSamples s : servers) {
            ServerRejection r = byName.get(s.server());
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }
}
