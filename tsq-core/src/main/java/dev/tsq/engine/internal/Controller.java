package dev.tsq.engine.internal;

import dev.tsq.engine.ClockAction;
import dev.tsq.engine.EngineConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The clock discipline. At every update it corrects the whole estimated frequency error (the filter's drift is
 * already a minimum-variance estimate, so it is not blended again) and slews the offset with a temporary extra
 * frequency. The slew lasts {@value #CORRECTION_RATIO}·σ·interval / |offset| seconds within [1 s, 10⁴ s] (chrony's
 * idea: an offset near its own noise is corrected slowly, so noise does not become frequency error), capped so
 * that base + slew stays within maxFrequencyPpm. It steps only under the makestep policy (|offset| above the
 * threshold during the first N updates); the panic limits refuse, with {@link ClockAction.Panic}: before the first
 * synchronisation a backward offset beyond the start-up limit, afterwards any |offset| beyond panicThreshold.
 * Holdover: keeps the base frequency, ends the slew, reports unsynchronised.
 */
public final class Controller {
    static final double CORRECTION_RATIO = 3.0;
    static final double MIN_SLEW = 1;
    static final double MAX_SLEW = 10_000;

    /** What an update did, for the engine to tell its filters. */
    public record Output(List<ClockAction> actions, double stepSeconds, double frequencyDeltaPpm, boolean panic) {}

    private final EngineConfig config;
    private final double maxPpm;
    private double basePpm;
    private double slewPpm;
    private double slewEnd = Double.NaN;
    private double lastUpdate = Double.NaN;
    private int updates;
    private boolean everSynced;

    public Controller(EngineConfig config) {
        this.config = config;
        this.maxPpm = config.maxFrequencyPpm();
        if (config.initialDrift() != null) {
            basePpm = clamp(config.initialDrift().frequencyPpm(), maxPpm);
        }
    }

    private static double clamp(double v, double max) {
        return Math.max(-max, Math.min(max, v));
    }

    public double appliedPpm() {
        return basePpm + slewPpm;
    }

    public double basePpm() {
        return basePpm;
    }

    public double slewEnd() {
        return slewEnd;
    }

    public boolean everSynced() {
        return everSynced;
    }

    /** Makes the next updates start-up updates again (the clock was changed behind our back). */
    public void restart() {
        updates = 0;
        everSynced = false;
        lastUpdate = Double.NaN;
    }

    /**
     * @param pollInterval the poll interval of the source whose sample triggered this update, s: the slew is sized
     *        against it (not against the time since the last update, which with several sources is a fraction of it)
     */
    public Output update(SystemEstimate e, double now, double pollInterval) {
        List<ClockAction> actions = new ArrayList<>();
        double offset = e.offset();
        long offsetNanos = Math.round(offset * 1e9);
        boolean startup = updates < config.startupStepUpdates();
        if (!everSynced && -offset > config.startupBackwardLimit().toNanos() * 1e-9) {
            actions.add(new ClockAction.Panic(offsetNanos, "backward offset " + (-offset)
                    + " s at start-up exceeds the limit " + config.startupBackwardLimit()));
            return new Output(actions, 0, 0, true);
        }
        if (everSynced && Math.abs(offset) > config.panicThreshold().toNanos() * 1e-9) {
            actions.add(new ClockAction.Panic(offsetNanos, "offset " + offset + " s exceeds the panic threshold "
                    + config.panicThreshold()));
            return new Output(actions, 0, 0, true);
        }
        double step = 0;
        if (startup && Math.abs(offset) > config.startupStepThreshold().toNanos() * 1e-9) {
            step = offsetNanos * 1e-9;
            actions.add(new ClockAction.Step(offsetNanos));
            offset -= step;
        }
        updates++;
        double before = appliedPpm();
        basePpm = clamp(before + e.drift() * 1e6, maxPpm);
        double interval = Math.max(1, Double.isNaN(lastUpdate) ? 1 : Math.max(now - lastUpdate, pollInterval));
        lastUpdate = now;
        slewPpm = 0;
        slewEnd = Double.NaN;
        double headroom = maxPpm - Math.abs(basePpm);
        if (offset != 0 && headroom > 0) {
            double duration = CORRECTION_RATIO * Math.max(e.offsetSigma(), 1e-9) * interval / Math.abs(offset);
            duration = Math.max(MIN_SLEW, Math.min(MAX_SLEW, duration));
            double rate = offset / duration * 1e6;
            if (Math.abs(rate) > headroom) {
                rate = Math.copySign(headroom, rate);
                duration = offset * 1e6 / rate;
            }
            slewPpm = rate;
            slewEnd = now + duration;
        }
        double after = appliedPpm();
        if (after != before || updates == 1) {
            actions.add(new ClockAction.SetFrequency(after));
        }
        everSynced = true;
        return new Output(actions, step, after - before, false);
    }

    /** Ends a slew that is due; returns the frequency change (ppm) or 0. */
    public double onTimer(double now, List<ClockAction> actions) {
        if (!Double.isNaN(slewEnd) && now >= slewEnd - 1e-9) {
            return endSlew(actions);
        }
        return 0;
    }

    /** Stops a running slew (holdover); returns the frequency change (ppm) or 0. */
    public double endSlew(List<ClockAction> actions) {
        slewEnd = Double.NaN;
        if (slewPpm == 0) {
            return 0;
        }
        double before = appliedPpm();
        slewPpm = 0;
        actions.add(new ClockAction.SetFrequency(appliedPpm()));
        return appliedPpm() - before;
    }
}
