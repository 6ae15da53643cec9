package dev.tsq.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon in {@code virtual} mode against three real TSQ servers over loopback QUIC, started with an injected
 * +100 ms / +50 ppm error that the servers do not have: it must learn both, outvote a server that steps by +1 s,
 * and mark a killed server unreachable within 8 polls while staying synchronised. Status, wait-sync and metrics are
 * read over their real sockets.
 */
class DaemonLoopbackTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    static String config(List<String> tsq, List<String> ntp, Path dir, int agreeing) {
        StringBuilder b = new StringBuilder();
        for (String a : tsq) {
            b.append("[[source]]\naddress = \"").append(a).append("\"\ntrust = \"insecure\"\nmode = \"datagram\"\n"
                    + "timeout-ms = 200\n\n");
        }
        for (String a : ntp) {
            b.append("[[source]]\naddress = \"").append(a).append("\"\nprotocol = \"ntp\"\ntimeout-ms = 200\n\n");
        }
        b.append("[synchronization]\nminimum-agreeing-sources = ").append(agreeing).append("\n"
                + "poll-interval-limits = { min = -2, max = -2 }\n"
                + "startup-step-threshold-ms = 10\n"
                + "startup-wait-s = 30\n\n"
                + "[clock]\nmode = \"virtual\"\nvirtual-offset-ms = 100\nvirtual-frequency-ppm = 50\n"
                + "drift-file = \"").append(dir.resolve("drift")).append("\"\n\n"
                + "[observability]\nstatus-socket = \"").append(dir.resolve("status.sock")).append("\"\n"
                + "metrics-listen = \"127.0.0.1:0\"\n");
        return b.toString();
    }

    private Daemon start(String toml, SdNotify notify) throws Exception {
        Path file = dir.resolve("tsq.toml");
        Files.writeString(file, toml);
        Daemon d = Daemon.start(ConfigParser.parse(file), notify);
        closing.add(d);
        return d;
    }

    /** Polls the status socket until {@code ok} holds (at most {@code seconds}); returns the last status. */
    static JsonNode await(Path socket, int seconds, String what, Predicate<JsonNode> ok) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = StatusClient.read(socket);
            if (ok.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + " not reached within " + seconds + " s; last status: " + last);
    }

    static JsonNode source(JsonNode status, String address) {
        for (JsonNode s : status.path("sources")) {
            if (s.path("address").asText().equals(address)) {
                return s;
            }
        }
        throw new AssertionError("no source " + address + " in " + status);
    }

    private static boolean learnt(JsonNode s) {
        return s.path("synchronized").asBoolean()
                && Math.abs(s.path("virtual_minus_system_ns").asLong()) < 1_000_000
                && Math.abs(s.path("frequency_ppm").asDouble() + 50) < 1;
    }

    @Test
    void learnsTheInjectedErrorOutvotesASteppingServerAndSurvivesAKilledOne() throws Exception {
        List<LoopbackServer> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LoopbackServer s = new LoopbackServer();
            closing.add(s);
            servers.add(s);
        }
        Path notifySocket = dir.resolve("notify.sock");
        SdNotify.LibC c = SdNotify.lib();
        int fd = c.socket(1, 2, 0);
        byte[] addr = SdNotify.sockaddr(notifySocket.toString());
        assertEquals(0, c.bind(fd, addr, addr.length));
        closing.add(() -> c.close(fd));

        Daemon d = start(config(servers.stream().map(LoopbackServer::address).toList(), List.of(), dir, 2),
                SdNotify.to(notifySocket.toString()));
        Path sock = dir.resolve("status.sock");
        long t0 = System.nanoTime();

        // wait-sync over the real socket, then the injected error learnt.
        assertNotNull(StatusClient.waitSync(sock, 30_000, 5_000_000, 100), "synchronised within 5 ms in 30 s");
        assertTrue(recv(c, fd).startsWith("READY=1"), "READY=1 sent on first synchronisation");
        JsonNode s = await(sock, 120, "|virtual - system| < 1 ms and frequency within 1 ppm of -50",
                DaemonLoopbackTest::learnt);
        System.out.printf("learnt after %.1f s: virtual_minus_system_ns %d, frequency_ppm %.3f, error_bound_ns %d%n",
                (System.nanoTime() - t0) / 1e9, s.path("virtual_minus_system_ns").asLong(),
                s.path("frequency_ppm").asDouble(), s.path("error_bound_ns").asLong());
        System.out.print(StatusClient.format(StatusClient.read(sock)));
        assertEquals("virtual", s.path("clock").asText());
        assertEquals("primary", s.path("tier").asText());
        assertEquals(3, s.path("sources").size());

        // Metrics over HTTP.
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + d.metricsAddress().getPort()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("\ntsq_synchronized 1\n"), metrics);
        assertTrue(metrics.contains("# TYPE tsq_offset_seconds gauge\ntsq_offset_seconds "), metrics);
        assertTrue(metrics.contains("tsq_source_reach{source=\"" + servers.get(0).address() + "\",tier=\"primary\"} "),
                metrics);
        assertTrue(metrics.contains("tsq_virtual_minus_system_seconds "), metrics);
        assertTrue(metrics.contains("tsq_steering_tier{tier=\"primary\"} 1"), metrics);

        // One server steps by +1 s: outvoted, the virtual clock not moved.
        LoopbackServer liar = servers.get(2);
        liar.offset.set(1_000_000_000L);
        JsonNode out = await(sock, 30, "the stepping server marked a falseticker",
                st -> source(st, liar.address()).path("state").asText().equals("falseticker"));
        for (int i = 0; i < 10; i++) {
            JsonNode st = StatusClient.read(sock);
            assertTrue(st.path("synchronized").asBoolean(), "still synchronised: " + st);
            assertTrue(Math.abs(st.path("virtual_minus_system_ns").asLong()) < 2_000_000, "clock not moved: " + st);
            Thread.sleep(200);
        }
        assertEquals(s.path("steps").asInt(), out.path("steps").asInt(), "no step towards the liar");
        liar.offset.set(0);
        // The liar's filter starts over when it tells the truth again: wait until it is back in the majority, so
        // that "the other two" below are both usable (under load its re-initialisation takes a few polls).
        await(sock, 60, "the former liar selectable again", st -> {
            String state = source(st, liar.address()).path("state").asText();
            return (state.equals("selected") || state.equals("candidate")) && st.path("synchronized").asBoolean();
        });

        // One server killed: unreachable within 8 polls, still synchronised on the other two.
        LoopbackServer dead = servers.get(0);
        long pollsBefore = source(StatusClient.read(sock), dead.address()).path("polls").asLong();
        dead.kill();
        JsonNode gone = await(sock, 30, "the killed server unreachable",
                st -> source(st, dead.address()).path("state").asText().equals("unreachable"));
        long polls = source(gone, dead.address()).path("polls").asLong() - pollsBefore;
        assertTrue(polls <= 9, "unreachable after " + polls + " polls (expected: within 8, +1 in flight)");
        assertTrue(gone.path("synchronized").asBoolean(), "still synchronised: " + gone);
        assertTrue(!source(gone, dead.address()).path("last_error").isNull(), "last error shown: " + gone);

        // SIGTERM's path: stop writes the drift file, closes the sockets, exits 0.
        d.stop();
        assertEquals(0, d.await());
        assertTrue(recv(c, fd).startsWith("STOPPING=1") || recv(c, fd).startsWith("STOPPING=1"));
        String drift = Files.readString(dir.resolve("drift"));
        double ppm = Double.parseDouble(drift.trim().split(" ")[0]);
        double skew = Double.parseDouble(drift.trim().split(" ")[1]);
        // The drift file holds the engine's learnt base frequency (the status's frequency_ppm adds the temporary
        // slew, so the two differ) with its skew; the new daemon below must apply exactly that. Against the
        // injected -50 ppm only a loose bound: after the liar and kill episodes on a loaded machine it has been
        // seen at -58.4 ± 6.1, -40.3 ± 2.4 and -48.0 ± 1.4 ppm; its calibration (truth within the claimed skew)
        // is the simulator's to prove, not a wall-clock run's. A sign error in the frequency would put it near +50.
        assertTrue(skew > 0, "skew written: " + drift);
        assertTrue(Math.abs(ppm + 50) < 25, "drift file near the learnt -50 ppm: " + drift);
        assertTrue(Files.notExists(sock), "status socket removed");

        // A new daemon starts from the drift file: its virtual clock runs at the saved frequency at once.
        Daemon again = start(config(servers.subList(1, 3).stream().map(LoopbackServer::address).toList(), List.of(),
                dir, 1), SdNotify.to(null));
        assertEquals(ppm, again.virtualClock().frequencyPpm(), 1e-6);
    }

    private static String recv(SdNotify.LibC c, int fd) throws InterruptedException {
        byte[] buf = new byte[512];
        for (int i = 0; i < 50; i++) {
            int n = (int) c.recv(fd, buf, new com.sun.jna.NativeLong(buf.length), 0x40).longValue();
            if (n > 0) {
                String m = new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
                if (!m.startsWith("WATCHDOG")) {
                    return m;
                }
            }
            Thread.sleep(100);
        }
        return "";
    }

    @Test
    void statusSocketAnswersBeforeSynchronisation() throws Exception {
        LoopbackServer s = new LoopbackServer();
        closing.add(s);
        Daemon d = start(config(List.of(s.address()), List.of(), dir, 1), SdNotify.to(null));
        JsonNode st = StatusClient.read(dir.resolve("status.sock"));
        assertTrue(st.has("synchronized") && st.has("offset_ns") && st.has("error_bound_ns")
                && st.has("frequency_ppm") && st.has("virtual_minus_system_ns"), st.toString());
        JsonNode src = st.path("sources").get(0);
        for (String k : List.of("address", "state", "offset_ns", "uncertainty_ns", "delay_ns", "reach", "poll_s",
                "tier")) {
            assertTrue(src.has(k), k + " in " + src);
        }
        assertNull(StatusClient.waitSync(dir.resolve("nobody.sock"), 300, 1_000_000, 50), "no daemon: timeout");
        d.close();
    }
}
