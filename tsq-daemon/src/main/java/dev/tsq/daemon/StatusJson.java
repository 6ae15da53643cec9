package dev.tsq.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tsq.engine.EngineStatus;
import dev.tsq.engine.SourceStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The status as one JSON object (the {@code tsq status --json} contract): {@code synchronized}, {@code offset_ns},
 * {@code error_bound_ns}, {@code frequency_ppm}, {@code sources} (each with {@code address}, {@code state},
 * {@code offset_ns}, {@code uncertainty_ns}, {@code delay_ns}, {@code reach}, {@code poll_s}, {@code tier}), and for
 * the virtual clock {@code virtual_minus_system_ns}; more fields beside them.
 */
public final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    /**
     * The status object.
     *
     * @param correctionNanos the disciplined clock minus the system clock read now, or null (system mode)
     */
    public static Map<String, Object> toMap(DaemonStatus d, Long correctionNanos) {
        EngineStatus e = d.engine();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("synchronized", e.synced());
        m.put("state", lower(e.state().name()));
        m.put("tier", e.steeringTier() == null ? null : lower(e.steeringTier().name()));
        m.put("clock", d.clockMode());
        long offset = e.offsetNanos();
        if ("monitor".equals(d.clockMode()) && correctionNanos != null) {
            // The system clock is never steered: its offset is the shadow clock's correction plus the estimate.
            offset += correctionNanos;
        }
        m.put("offset_ns", offset);
        m.put("offset_uncertainty_ns", e.offsetUncertaintyNanos());
        m.put("error_bound_ns", e.errorBoundNanos());
        m.put("frequency_ppm", e.frequencyPpm());
        m.put("frequency_uncertainty_ppm", e.frequencyUncertaintyPpm());
        m.put("steps", e.steps());
        m.put("last_step_ns", e.lastStepNanos());
        m.put("last_step_ago_s", e.lastStepMono() == Long.MIN_VALUE ? null : (d.mono() - e.lastStepMono()) / 1e9);
        m.put("poll_s", Math.scalb(1.0, e.pollExponent()));
        if ("virtual".equals(d.clockMode()) && correctionNanos != null) {
            m.put("virtual_minus_system_ns", correctionNanos);
        }
        m.put("ready", d.ready());
        if (d.panic() != null) {
            m.put("panic", d.panic());
        }
        if (d.clockError() != null) {
            m.put("clock_error", d.clockError());
        }
        List<Map<String, Object>> sources = new ArrayList<>();
        for (int i = 0; i < e.sources().size(); i++) {
            SourceStatus s = e.sources().get(i);
            DaemonStatus.SourceInfo info = i < d.sources().size() ? d.sources().get(i) : null;
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("address", info != null ? info.address() : s.name());
            o.put("protocol", info != null ? info.protocol() : null);
            o.put("tier", lower(s.tier().name()));
            o.put("mode", info != null ? (info.transport() != null ? info.transport() : info.configuredMode()) : null);
            o.put("alpn", info != null ? info.alpn() : null);
            o.put("state", lower(s.state().name()));
            o.put("offset_ns", s.offsetNanos());
            o.put("uncertainty_ns", s.uncertaintyNanos());
            o.put("delay_ns", s.delayNanos());
            o.put("frequency_ppm", s.frequencyPpm());
            o.put("reach", s.reach());
            o.put("poll_s", Math.scalb(1.0, s.pollExponent()));
            o.put("polls", info != null ? info.polls() : 0);
            o.put("failures", info != null ? info.failures() : 0);
            o.put("last_error", s.lastError());
            sources.add(o);
        }
        m.put("sources", sources);
        return m;
    }

    /** {@link #toMap} as one line of JSON. */
    public static String toJson(DaemonStatus d, Long correctionNanos) {
        try {
            return JSON.writeValueAsString(toMap(d, correctionNanos));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
