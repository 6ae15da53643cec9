package dev.tsq.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/** Reads the daemon's status over its Unix domain socket ({@code tsq status}, {@code tsq wait-sync}). */
public final class StatusClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusClient() {
    }

    /** The status line as the daemon wrote it. */
    public static String readRaw(Path socket) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            try (InputStream in = Channels.newInputStream(ch)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
        }
    }

    /** The status as a JSON tree. */
    public static JsonNode read(Path socket) throws IOException {
        return JSON.readTree(readRaw(socket));
    }

    /**
     * Waits until the daemon is synchronised with {@code error_bound_ns <= maxErrorNanos}, polling every
     * {@code intervalMillis}; a daemon not yet listening is waited for too.
     *
     * @return the last status read when synchronised, or null on timeout
     */
    public static JsonNode waitSync(Path socket, long timeoutMillis, long maxErrorNanos, long intervalMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            try {
                JsonNode s = read(socket);
                if (s.path("synchronized").asBoolean(false) && s.path("error_bound_ns").asLong(Long.MAX_VALUE)
                        <= maxErrorNanos) {
                    return s;
                }
            } catch (IOException e) {
                // not up yet, or restarting
            }
            if (System.nanoTime() - deadline >= 0) {
                return null;
            }
            Thread.sleep(Math.max(1, Math.min(intervalMillis, (deadline - System.nanoTime()) / 1_000_000L + 1)));
        }
    }

    /** The human form: the system line, then one line per source. */
    public static String format(JsonNode s) {
        StringBuilder b = new StringBuilder();
        boolean synced = s.path("synchronized").asBoolean();
        b.append(String.format(Locale.ROOT, "%s (%s), clock %s, tier %s%n",
                synced ? "synchronised" : "NOT synchronised", s.path("state").asText(), s.path("clock").asText(),
                s.path("tier").isNull() ? "none" : s.path("tier").asText()));
        b.append(String.format(Locale.ROOT,
                "offset %+.6f ms ± %.6f ms, frequency %+.3f ppm ± %.3f, max error %.6f ms, poll %s s%n",
                s.path("offset_ns").asLong() / 1e6, s.path("offset_uncertainty_ns").asLong() / 1e6,
                s.path("frequency_ppm").asDouble(), s.path("frequency_uncertainty_ppm").asDouble(),
                s.path("error_bound_ns").asLong() / 1e6, num(s.path("poll_s").asDouble())));
        b.append(String.format(Locale.ROOT, "steps %d, last step %+.6f ms%s%n", s.path("steps").asInt(),
                s.path("last_step_ns").asLong() / 1e6, s.path("last_step_ago_s").isNumber()
                        ? String.format(Locale.ROOT, " (%.0f s ago)", s.path("last_step_ago_s").asDouble()) : ""));
        if (s.has("virtual_minus_system_ns")) {
            b.append(String.format(Locale.ROOT, "virtual - system %+.6f ms%n",
                    s.path("virtual_minus_system_ns").asLong() / 1e6));
        }
        if (s.has("panic")) {
            b.append("PANIC: ").append(s.path("panic").asText()).append('\n');
        }
        b.append(String.format(Locale.ROOT, "%-26s %-8s %-8s %-5s %-12s %14s %12s %10s %6s %5s  %s%n", "source",
                "tier", "mode", "alpn", "state", "offset ms", "± ms", "delay ms", "poll", "reach", "last error"));
        for (JsonNode src : s.path("sources")) {
            b.append(String.format(Locale.ROOT, "%-26s %-8s %-8s %-5s %-12s %+14.6f %12.6f %10.6f %6s %5s  %s%n",
                    src.path("address").asText(), src.path("tier").asText(), src.path("mode").asText(),
                    src.path("alpn").isNull() ? "-" : src.path("alpn").asText(), src.path("state").asText(),
                    src.path("offset_ns").asLong() / 1e6, src.path("uncertainty_ns").asLong() / 1e6,
                    src.path("delay_ns").asLong() / 1e6, num(src.path("poll_s").asDouble()),
                    Integer.toOctalString(src.path("reach").asInt()),
                    src.path("last_error").isNull() ? "" : src.path("last_error").asText()));
        }
        return b.toString();
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3g", d);
    }
}
