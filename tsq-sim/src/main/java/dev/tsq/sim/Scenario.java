package dev.tsq.sim;

import dev.tsq.engine.EngineConfig;
import java.util.List;
import java.util.function.Function;

/**
 * One simulated situation.
 *
 * @param duration simulated seconds
 * @param statsStart the statistics window starts here (or at the sync time if later)
 * @param clientOffset the client clock's initial error, s (local − true)
 * @param clientFreqPpm the client oscillator's f₀, ppm (+ = fast); with {@code alternateSign} the sign flips on
 *        odd seeds
 * @param wander the oscillator's random-walk step per second (s/s)
 * @param syncOffset sync time threshold on |offset|, s (chrony's 1 ms unless its test says otherwise)
 * @param syncRatePpm sync time threshold on |total rate error|, ppm (500 unless chrony's test says otherwise)
 * @param engine builds the engine's configuration from the scenario's poll limits
 * @param holdStart start of the window in which every server is down (NaN: none); the holdover figures cover it
 * @param holdEnd its end
 */
public record Scenario(String name, String description, double duration, double statsStart, double clientOffset,
                       double clientFreqPpm, boolean alternateSign, double wander, List<ServerSpec> servers,
                       int minPoll, int maxPoll, Function<EngineConfig.Builder, EngineConfig.Builder> engine,
                       double syncOffset, double syncRatePpm, double holdStart, double holdEnd) {
    public Scenario {
        servers = List.copyOf(servers);
    }

    /** The same scenario with other poll limits (log2 s). */
    public Scenario withPollLimits(int min, int max) {
        EngineConfig.builder().pollLimits(min, max); // checks the arguments
        return new Scenario(name, description, duration, statsStart, clientOffset, clientFreqPpm, alternateSign,
                wander, servers, min, max, engine, syncOffset, syncRatePpm, holdStart, holdEnd);
    }

    /** The same scenario with these servers. */
    public Scenario withServers(List<ServerSpec> s) {
        return new Scenario(name, description, duration, statsStart, clientOffset, clientFreqPpm, alternateSign,
                wander, s, minPoll, maxPoll, engine, syncOffset, syncRatePpm, holdStart, holdEnd);
    }

    /** The engine configuration this scenario runs with. */
    public EngineConfig engineConfig() {
        return engine.apply(EngineConfig.builder().pollLimits(minPoll, maxPoll).maxFrequencyPpm(Scenarios.MAX_SLEW_PPM))
                .build();
    }

    /** How many servers lie (fixed offset ≠ 0). */
    public int falsetickers() {
        int n = 0;
        for (ServerSpec s : servers) {
            if (s.lie() != 0) {
                n++;
            }
        }
        return n;
    }
}
