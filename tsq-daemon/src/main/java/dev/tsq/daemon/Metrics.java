package dev.tsq.daemon;

import dev.tsq.engine.EngineStatus;
import dev.tsq.engine.SourceState;
import dev.tsq.engine.SourceStatus;
import dev.tsq.engine.Tier;
import java.util.Locale;

/** The status in the Prometheus text exposition format (version 0.0.4). */
public final class Metrics {
    private Metrics() {
    }

    /** Renders {@code d}; {@code correctionNanos} is the disciplined clock minus the system clock now, or null. */
    public static String render(DaemonStatus d, Long correctionNanos) {
        EngineStatus e = d.engine();
        StringBuilder b = new StringBuilder(4096);
        gauge(b, "tsq_synchronized", "1 when the engine vouches for the clock (state synchronized).",
                e.synced() ? 1 : 0);
        b.append("# HELP tsq_state The engine's state (one series per state, 1 for the current one).\n")
                .append("# TYPE tsq_state gauge\n");
        for (dev.tsq.engine.SyncState s : dev.tsq.engine.SyncState.values()) {
            b.append("tsq_state{state=\"").append(lower(s.name())).append("\"} ")
                    .append(s == e.state() ? 1 : 0).append('\n');
        }
        b.append("# HELP tsq_steering_tier The tier whose sources are steering (1), per tier.\n")
                .append("# TYPE tsq_steering_tier gauge\n");
        for (Tier t : Tier.values()) {
            b.append("tsq_steering_tier{tier=\"").append(lower(t.name())).append("\"} ")
                    .append(t == e.steeringTier() ? 1 : 0).append('\n');
        }
        long offset = e.offsetNanos() + ("monitor".equals(d.clockMode()) && correctionNanos != null
                ? correctionNanos : 0);
        gauge(b, "tsq_offset_seconds", "Estimated true time minus the clock (the correction still to apply).",
                offset / 1e9);
        gauge(b, "tsq_offset_uncertainty_seconds", "Uncertainty of the offset estimate.",
                e.offsetUncertaintyNanos() / 1e9);
        gauge(b, "tsq_error_bound_seconds", "Bound on |true time - clock| that the engine vouches for.",
                e.errorBoundNanos() / 1e9);
        gauge(b, "tsq_frequency_ppm", "Frequency correction of the clock, ppm.", e.frequencyPpm());
        gauge(b, "tsq_frequency_uncertainty_ppm", "Uncertainty of the frequency, ppm.", e.frequencyUncertaintyPpm());
        counter(b, "tsq_steps_total", "Clock steps since start.", e.steps());
        gauge(b, "tsq_last_step_seconds", "Size of the last step (0 if none).", e.lastStepNanos() / 1e9);
        gauge(b, "tsq_poll_interval_seconds", "The system poll interval.", Math.scalb(1.0, e.pollExponent()));
        gauge(b, "tsq_ready", "1 once READY=1 was sent (first synchronisation or start-up wait passed).",
                d.ready() ? 1 : 0);
        if ("virtual".equals(d.clockMode()) && correctionNanos != null) {
            gauge(b, "tsq_virtual_minus_system_seconds", "The virtual clock's reading minus the system clock's.",
                    correctionNanos / 1e9);
        }
        String[][] per = {
            {"tsq_source_offset_seconds", "gauge", "The source's offset (server minus clock), filtered."},
            {"tsq_source_uncertainty_seconds", "gauge", "The source's offset uncertainty."},
            {"tsq_source_delay_seconds", "gauge", "The source's round-trip delay."},
            {"tsq_source_reach", "gauge", "The 8-bit reach register (bit 0 = last poll answered)."},
            {"tsq_source_reachable", "gauge", "1 when any of the last 8 polls was answered."},
            {"tsq_source_poll_interval_seconds", "gauge", "The source's poll interval."},
            {"tsq_source_polls_total", "counter", "Polls sent."},
            {"tsq_source_failures_total", "counter", "Polls that produced no sample."},
        };
        for (String[] m : per) {
            b.append("# HELP ").append(m[0]).append(' ').append(m[2]).append('\n')
                    .append("# TYPE ").append(m[0]).append(' ').append(m[1]).append('\n');
            for (int i = 0; i < e.sources().size(); i++) {
                SourceStatus s = e.sources().get(i);
                DaemonStatus.SourceInfo info = i < d.sources().size() ? d.sources().get(i) : null;
                double v = switch (m[0]) {
                    case "tsq_source_offset_seconds" -> s.offsetNanos() / 1e9;
                    case "tsq_source_uncertainty_seconds" -> s.uncertaintyNanos() / 1e9;
                    case "tsq_source_delay_seconds" -> s.delayNanos() / 1e9;
                    case "tsq_source_reach" -> s.reach();
                    case "tsq_source_reachable" -> (s.reach() & 0xff) != 0 ? 1 : 0;
                    case "tsq_source_poll_interval_seconds" -> Math.scalb(1.0, s.pollExponent());
                    case "tsq_source_polls_total" -> info == null ? 0 : info.polls();
                    default -> info == null ? 0 : info.failures();
                };
                b.append(m[0]).append(labels(s)).append(' ').append(num(v)).append('\n');
            }
        }
        b.append("# HELP tsq_source_state The selector's verdict on each source (1 for the current state).\n")
                .append("# TYPE tsq_source_state gauge\n");
        for (SourceStatus s : e.sources()) {
            for (SourceState st : SourceState.values()) {
                String l = labels(s);
                b.append("tsq_source_state").append(l, 0, l.length() - 1).append(",state=\"")
                        .append(lower(st.name())).append("\"} ").append(st == s.state() ? 1 : 0).append('\n');
            }
        }
        return b.toString();
    }

    private static String labels(SourceStatus s) {
        return "{source=\"" + escape(s.name()) + "\",tier=\"" + lower(s.tier().name()) + "\"}";
    }

    private static void gauge(StringBuilder b, String name, String help, double v) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(num(v)).append('\n');
    }

    private static void counter(StringBuilder b, String name, String help, double v) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(num(v)).append('\n');
    }

    private static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.9g", v);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
