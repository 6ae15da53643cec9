package dev.tsq.bench.quic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerProcessTest {

    @Test
    void statusLinesParseIntoFields() {
        Map<String, String> f = ServerProcess.parseFields("TSQ-LOAD-SERVER port=4433 cert=AbC+/=", "TSQ-LOAD-SERVER");
        assertEquals(Map.of("port", "4433", "cert", "AbC+/="), f);
        assertEquals("7", ServerProcess.parseFields("COUNTERS datagram=7 stream=0", "COUNTERS").get("datagram"));
        assertNull(ServerProcess.parseFields("something else", "COUNTERS"));
        assertNull(ServerProcess.parseFields(null, "COUNTERS"));
    }

    @Test
    void theServerJvmRunsTheLoadServerMainWithTheGivenOptions() {
        List<String> cmd = ServerProcess.command("/usr/bin/java", "a.jar:lib/*", " -Xmx64m  -XX:+UseSerialGC ");
        assertEquals("/usr/bin/java", cmd.get(0));
        assertEquals(List.of("-Xmx64m", "-XX:+UseSerialGC"), cmd.subList(cmd.size() - 5, cmd.size() - 3));
        assertEquals(List.of("-cp", "a.jar:lib/*", LoadServerMain.class.getName()), cmd.subList(cmd.size() - 3,
                cmd.size()));
    }
}
