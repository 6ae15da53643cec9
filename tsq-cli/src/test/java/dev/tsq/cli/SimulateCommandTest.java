package dev.tsq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code tsq simulate}: the JSON contract, the list, the seed summary and the argument checks. */
class SimulateCommandTest {

    private static String[] run(int expectedCode, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TsqCli.run(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(expectedCode, code, err.toString());
        return new String[] {out.toString(), err.toString()};
    }

    @Test
    void jsonHasTheIssuesFields() {
        String json = run(0, "simulate", "--scenario", "defaults", "--seed", "3", "--json")[0].trim();
        assertEquals(1, json.lines().count());
        for (String f : new String[] {"scenario", "seed", "simulated_s", "sync_time_s", "rms_offset_us",
                "max_offset_us", "rms_freq_ppm", "steps", "requests", "falsetickers_selected", "path_delay_mean_us",
                "path_delay_sd_us", "path_loss", "delay_us", "jitter_us", "wander", "loss", "servers"}) {
            assertTrue(json.contains("\"" + f + "\":"), f + " missing in " + json);
        }
        assertTrue(json.startsWith("{\"scenario\":\"defaults\",\"seed\":3,"), json);
        assertTrue(json.contains("\"wander\":1.0E-9"), json);
        assertTrue(json.contains("\"min_poll\":6,\"max_poll\":10"), json);
    }

    @Test
    void seedsPrintOneObjectEachOrAMedianAndWorst() {
        assertEquals(3, run(0, "simulate", "--scenario", "driftfile", "--seeds", "3", "--json")[0].trim().lines()
                .count());
        String text = run(0, "simulate", "--scenario", "driftfile", "--seeds", "3")[0];
        assertTrue(text.contains("median") && text.contains("worst"), text);
    }

    @Test
    void pollLimitsAreApplied() {
        String json = run(0, "simulate", "--scenario", "defaults", "--poll-limits", "4,6", "--json")[0];
        assertTrue(json.contains("\"min_poll\":4,\"max_poll\":6"), json);
    }

    @Test
    void listNamesEveryScenario() {
        String list = run(0, "simulate", "--list")[0];
        for (String s : new String[] {"defaults", "falsetickers", "loss", "jitter", "wander", "asymmetry",
                "driftfile", "outage", "holdover", "freq5000"}) {
            assertTrue(list.contains(s + " "), s);
        }
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertTrue(run(2, "simulate", "--scenario", "nope")[1].contains("scenario: nope (expected: one of"));
        assertTrue(run(2, "simulate", "--scenario", "defaults", "--poll-limits", "6")[1]
                .contains("--poll-limits: 6 (expected: MIN,MAX)"));
        assertTrue(run(2, "simulate", "--scenario", "defaults", "--poll-limits", "8,6")[1]
                .contains("maxPoll: 6 (expected: 8-17)"));
        assertTrue(run(2, "simulate")[1].contains("--scenario: missing"));
    }
}
