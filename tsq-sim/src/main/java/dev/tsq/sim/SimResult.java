package dev.tsq.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run's figures, with chrony's definitions: sync time = 1 + the last second at which |offset| or |total rate
 * error| exceeded the scenario's thresholds; RMS and maximum offset and RMS total rate error (slew included) over
 * the 1 Hz samples from max(statsStart, sync time) to the end. Plus what the path really did.
 *
 * @param steeringActions SetFrequency and Step actions the engine issued (0 means it never steered)
 * @param kernelErrors adjtimex requests outside the kernel's ranges
 * @param unreachablePolls for a server that vanished: polls sent to it from its outage until the engine called it
 *        UNREACHABLE (−1: never, or no such server)
 * @param holdoverGrowthUs the largest |offset − offset at the holdover start| in the holdover window, µs (NaN: none)
 * @param holdoverReported seconds of the window (after the first poll that failed) the engine reported HOLDOVER
 * @param holdoverSeconds seconds of the window after the first failed poll
 * @param holdoverBoundViolations seconds in HOLDOVER whose error bound did not contain the true offset
 * @param holdoverBoundGrew the error bound at the window's end exceeded the one at the start of holdover
 */
public record SimResult(String scenario, long seed, int minPoll, int maxPoll, double simulatedS, double syncTimeS,
                        double rmsOffsetUs, double maxOffsetUs, double rmsFreqPpm, int steps, long requests,
                        int falsetickersSelected, int steeringActions, int kernelErrors, double pathDelayMeanUs,
                        double pathDelaySdUs, double pathLoss, long unreachablePolls, double holdoverGrowthUs,
                        long holdoverReported, long holdoverSeconds, long holdoverBoundViolations,
                        boolean holdoverBoundGrew, Scenario spec) {

    /** The JSON fields of {@code tsq simulate --json}, in order (the scenario's parameters last). */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario);
        m.put("seed", seed);
        m.put("simulated_s", simulatedS);
        m.put("sync_time_s", syncTimeS);
        m.put("rms_offset_us", rmsOffsetUs);
        m.put("max_offset_us", maxOffsetUs);
        m.put("rms_freq_ppm", rmsFreqPpm);
        m.put("steps", steps);
        m.put("requests", requests);
        m.put("falsetickers_selected", falsetickersSelected);
        m.put("steering_actions", steeringActions);
        m.put("kernel_errors", kernelErrors);
        m.put("path_delay_mean_us", pathDelayMeanUs);
        m.put("path_delay_sd_us", pathDelaySdUs);
        m.put("path_loss", pathLoss);
        if (unreachablePolls >= 0) {
            m.put("unreachable_after_polls", unreachablePolls);
        }
        if (!Double.isNaN(holdoverGrowthUs)) {
            m.put("holdover_growth_us", holdoverGrowthUs);
            m.put("holdover_reported_s", holdoverReported);
            m.put("holdover_window_s", holdoverSeconds);
            m.put("holdover_bound_violations", holdoverBoundViolations);
        }
        ServerSpec first = spec.servers().get(0);
        m.put("min_poll", minPoll);
        m.put("max_poll", maxPoll);
        m.put("servers", spec.servers().size());
        m.put("falsetickers", spec.falsetickers());
        m.put("delay_us", first.baseDelay() * 1e6);
        m.put("jitter_us", first.jitter() * 1e6);
        m.put("asymmetry", first.asymmetry());
        m.put("loss", first.loss());
        m.put("wander", spec.wander());
        m.put("client_offset_s", spec.clientOffset());
        m.put("client_freq_ppm", spec.alternateSign() && (seed & 1) == 1 ? -spec.clientFreqPpm()
                : spec.clientFreqPpm());
        m.put("stats_start_s", spec.statsStart());
        return m;
    }
}
