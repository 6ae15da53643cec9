package dev.tsq.engine.internal;

import java.util.List;

/**
 * Combines the survivors: offsets weighted by 1 / (offset variance + server error²), drifts by 1 / drift variance
 * (inverse-variance fusion, treating the sources' errors as independent). Survivors whose distance exceeds three
 * times the selected source's are left out, as chrony does, so that a far, poor source cannot pull the estimate.
 */
public final class Combiner {
    private Combiner() {}

    /** @param survivors the selection's survivors, selected first; all estimates at the same instant */
    public static SystemEstimate combine(List<Candidate> survivors) {
        SourceEstimate sel = survivors.get(0).estimate();
        double limit = 3 * sel.distance();
        double wo = 0;
        double wd = 0;
        double so = 0;
        double sd = 0;
        double cross = 0;
        double a = 0;
        int n = 0;
        for (Candidate c : survivors) {
            SourceEstimate e = c.estimate();
            if (c != survivors.get(0) && e.distance() > limit) {
                continue;
            }
            double vo = e.pOO() + e.serverError() * e.serverError();
            double vd = Math.max(e.pDD(), 1e-30);
            double w1 = 1 / Math.max(vo, 1e-30);
            double w2 = 1 / vd;
            wo += w1;
            wd += w2;
            so += w1 * e.offset();
            sd += w2 * e.drift();
            cross += w1 * w2 * e.pOD();
            a += w1 * e.processNoise();
            n++;
        }
        return new SystemEstimate(sel.t(), so / wo, sd / wd, 1 / wo, cross / (wo * wd), 1 / wd, a / wo,
                sel.minDelay(), sel.serverError(), sel.measurementSigma(), n, survivors.get(0).index());
    }
}
