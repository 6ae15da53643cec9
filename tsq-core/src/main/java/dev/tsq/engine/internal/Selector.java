package dev.tsq.engine.internal;

import dev.tsq.engine.Tier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Selection over all configured sources (Marzullo's intersection as chrony and ntpd-rs use it): each candidate is
 * an interval offset ± radius; a sweep finds the region covered by the most intervals; that depth must be a strict
 * majority of the <em>configured</em> sources in play (a silent server counts against the majority) and at least
 * the configured minimum. Candidates not touching the region are falsetickers. Fallback sources join only when the
 * primaries alone cannot form such a majority. The selected source changes only when it stops surviving, or when a
 * challenger's distance has been less than half of its own for {@value #HYSTERESIS} selections in a row.
 */
public final class Selector {
    static final int HYSTERESIS = 4;
    private final int minimumAgreeing;
    private int selected = -1;
    private int challenger = -1;
    private int challengerCount;

    public Selector(int minimumAgreeing) {
        this.minimumAgreeing = minimumAgreeing;
    }

    /**
     * @param candidates selectable sources (reachable, with an estimate at the selection instant)
     * @param configuredPrimaries how many PRIMARY sources are configured
     * @param configuredFallbacks how many FALLBACK sources are configured
     */
    public Selection select(List<Candidate> candidates, int configuredPrimaries, int configuredFallbacks) {
        List<Candidate> primaries = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.tier() == Tier.PRIMARY) {
                primaries.add(c);
            }
        }
        Selection s = intersect(primaries, configuredPrimaries, Tier.PRIMARY);
        if (!s.ok() && configuredFallbacks > 0) {
            Selection all = intersect(candidates, configuredPrimaries + configuredFallbacks, Tier.FALLBACK);
            if (all.ok()) {
                s = all;
            }
        }
        if (!s.ok()) {
            return s;
        }
        return choose(s);
    }

    private Selection intersect(List<Candidate> cs, int configured, Tier tier) {
        if (cs.isEmpty()) {
            return new Selection(false, null, List.of(), List.of(), -1, "no selectable source");
        }
        int n = cs.size();
        double[][] ends = new double[2 * n][];
        for (int i = 0; i < n; i++) {
            ends[2 * i] = new double[] {cs.get(i).low(), -1};
            ends[2 * i + 1] = new double[] {cs.get(i).high(), +1};
        }
        // lows before highs at equal points, so touching intervals overlap
        Arrays.sort(ends, Comparator.<double[]>comparingDouble(e -> e[0]).thenComparingDouble(e -> e[1]));
        int depth = 0;
        int best = 0;
        double lo = 0;
        double hi = 0;
        for (int i = 0; i < ends.length; i++) {
            if (ends[i][1] < 0) {
                depth++;
                if (depth > best) {
                    best = depth;
                    lo = ends[i][0];
                    hi = ends[i + 1][0];
                }
            } else {
                depth--;
            }
        }
        List<Candidate> survivors = new ArrayList<>();
        List<Integer> falsetickers = new ArrayList<>();
        for (Candidate c : cs) {
            if (c.low() <= hi && c.high() >= lo) {
                survivors.add(c);
            } else {
                falsetickers.add(c.index());
            }
        }
        if (2 * best <= configured) {
            return new Selection(false, null, List.of(), falsetickers, -1,
                    "no majority: " + best + " of " + configured + " configured sources agree");
        }
        if (best < minimumAgreeing) {
            return new Selection(false, null, List.of(), falsetickers, -1,
                    "only " + best + " agreeing sources (minimum " + minimumAgreeing + ")");
        }
        return new Selection(true, tier, survivors, falsetickers, -1, "ok");
    }

    private Selection choose(Selection s) {
        Candidate best = null;
        Candidate current = null;
        for (Candidate c : s.survivors()) {
            if (best == null || c.estimate().distance() < best.estimate().distance()) {
                best = c;
            }
            if (c.index() == selected) {
                current = c;
            }
        }
        if (current == null) {
            selected = best.index();
            challenger = -1;
            challengerCount = 0;
            current = best;
        } else if (best != current && 2 * best.estimate().distance() < current.estimate().distance()) {
            if (challenger == best.index()) {
                challengerCount++;
            } else {
                challenger = best.index();
                challengerCount = 1;
            }
            if (challengerCount >= HYSTERESIS) {
                selected = best.index();
                current = best;
                challenger = -1;
                challengerCount = 0;
            }
        } else {
            challenger = -1;
            challengerCount = 0;
        }
        List<Candidate> ordered = new ArrayList<>();
        ordered.add(current);
        for (Candidate c : s.survivors()) {
            if (c != current) {
                ordered.add(c);
            }
        }
        return new Selection(true, s.tier(), ordered, s.falsetickers(), current.index(), s.reason());
    }

    /** Forgets the selected source (after a reset). */
    public void reset() {
        selected = -1;
        challenger = -1;
        challengerCount = 0;
    }
}
