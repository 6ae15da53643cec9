package dev.tsq.engine.internal;

import dev.tsq.engine.Tier;
import java.util.List;

/**
 * The selector's verdict.
 *
 * @param ok true when a strict majority of the configured sources of the tier(s) in play, and at least the
 *        configured minimum, agree
 * @param tier the tier steering ({@link Tier#FALLBACK} means fallbacks joined the primaries), or null
 * @param survivors the agreeing candidates, selected first
 * @param falsetickers indices of candidates outside the agreeing region
 * @param selected the index of the selected source, or −1
 */
public record Selection(boolean ok, Tier tier, List<Candidate> survivors, List<Integer> falsetickers, int selected,
                        String reason) {
    public Selection {
        survivors = List.copyOf(survivors);
        falsetickers = List.copyOf(falsetickers);
    }
}
