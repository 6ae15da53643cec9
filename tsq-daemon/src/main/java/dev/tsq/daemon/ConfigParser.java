package dev.tsq.daemon;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tsq.client.ServerAddress;
import dev.tsq.client.TsqClient;
import dev.tsq.daemon.DaemonConfig.ClockMode;
import dev.tsq.daemon.DaemonConfig.ClockSettings;
import dev.tsq.daemon.DaemonConfig.Observability;
import dev.tsq.daemon.DaemonConfig.Protocol;
import dev.tsq.daemon.DaemonConfig.Source;
import dev.tsq.daemon.DaemonConfig.Synchronization;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the daemon's TOML configuration (jackson-dataformat-toml) and checks every key: unknown keys and bad
 * values are refused with {@code FILE:LINE:COLUMN: key: reason (expected: ...)}. The keys and their defaults are
 * documented in the README ("Daemon").
 */
public final class ConfigParser {
    private static final Set<String> TOP = Set.of("source", "synchronization", "clock", "observability");
    private static final Set<String> SOURCE = Set.of("address", "protocol", "trust", "mode", "signed",
            "trusted-key", "key-id", "alpn", "timeout-ms");
    private static final Set<String> SYNC = Set.of("minimum-agreeing-sources", "poll-interval-limits",
            "startup-step-threshold-ms", "startup-step-updates", "single-step-panic-threshold-s",
            "startup-backward-limit-s", "max-frequency-ppm", "initial-burst", "startup-wait-s");
    private static final Set<String> POLL = Set.of("min", "max");
    private static final Set<String> CLOCK = Set.of("mode", "virtual-offset-ms", "virtual-frequency-ppm",
            "drift-file");
    private static final Set<String> OBS = Set.of("status-socket", "metrics-listen");

    /** Default status socket path. */
    public static final String DEFAULT_STATUS_SOCKET = "/run/tsq/status.sock";

    private final String fileName;
    private final Locator locator;

    private ConfigParser(String fileName, String text) {
        this.fileName = fileName;
        this.locator = new Locator(text);
    }

    /** Reads and checks {@code file}. */
    public static DaemonConfig parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e);
        }
        return parse(text, file);
    }

    /** Checks {@code text}; {@code file} names it in messages (and resolves nothing). */
    public static DaemonConfig parse(String text, Path file) {
        String name = file == null ? "<config>" : file.toString();
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? name : name + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new ConfigException(where + ": " + e.getOriginalMessage().trim() + " (expected: valid TOML)", e);
        } catch (IOException e) {
            throw new ConfigException(name + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            root = new TomlMapper().createObjectNode();
        }
        return new ConfigParser(name, text).build((ObjectNode) root, file);
    }

    private DaemonConfig build(ObjectNode root, Path file) {
        checkKeys(root, "", TOP);
        List<Source> sources = new ArrayList<>();
        JsonNode src = root.get("source");
        if (src == null || !src.isArray() || src.isEmpty()) {
            throw error(src == null ? "" : "source", "source",
                    "no sources (expected: at least one [[source]] table with an address)");
        }
        for (int i = 0; i < src.size(); i++) {
            sources.add(source(src.get(i), "source[" + i + "]"));
        }
        if (sources.stream().noneMatch(s -> s.protocol() == Protocol.TSQ)) {
            throw error("source", "source", "only NTP sources (expected: at least one protocol = \"tsq\" source;"
                    + " NTP is a fallback)");
        }
        Synchronization sync = synchronization(table(root, "synchronization"));
        ClockSettings clock = clock(table(root, "clock"));
        Observability obs = observability(table(root, "observability"));
        return new DaemonConfig(file, sources, sync, clock, obs);
    }

    private ObjectNode table(ObjectNode root, String name) {
        JsonNode n = root.get(name);
        if (n == null) {
            return root.objectNode();
        }
        if (!n.isObject()) {
            throw error(name, name, "not a table (expected: [" + name + "])");
        }
        return (ObjectNode) n;
    }

    private Source source(JsonNode n, String path) {
        if (!n.isObject()) {
            throw error(path, "source", "not a table (expected: [[source]])");
        }
        checkKeys(n, path, SOURCE);
        String protocolText = string(n, path, "protocol", "tsq");
        Protocol protocol = switch (protocolText) {
            case "tsq" -> Protocol.TSQ;
            case "ntp" -> Protocol.NTP;
            default -> throw error(path + ".protocol", "protocol", "\"" + protocolText + "\" (expected: \"tsq\" or \"ntp\")");
        };
        String addressText = n.has("address") ? string(n, path, "address", null) : null;
        if (addressText == null) {
            throw error(path, "address", "missing (expected: address = \"host[:port]\")");
        }
        String address;
        try {
            ServerAddress a = ServerAddress.parse(addressText);
            boolean explicitPort = addressText.trim().matches(".*:[0-9]+$") && !(a.host().indexOf(':') >= 0
                    && !addressText.trim().startsWith("["));
            if (protocol == Protocol.NTP && !explicitPort) {
                a = new ServerAddress(a.host(), 123);
            }
            address = a.toString();
        } catch (IllegalArgumentException e) {
            throw error(path + ".address", "address", e.getMessage());
        }
        if (protocol == Protocol.NTP) {
            for (String k : List.of("trust", "mode", "signed", "trusted-key", "key-id", "alpn")) {
                if (n.has(k)) {
                    throw error(path + "." + k, k, "not for protocol = \"ntp\" (expected: only address, protocol,"
                            + " timeout-ms)");
                }
            }
        }
        String trust = string(n, path, "trust", "system");
        if (trust.startsWith("ca:")) {
            Path ca = Path.of(trust.substring(3));
            if (!Files.isReadable(ca)) {
                throw error(path + ".trust", "trust", "\"" + trust + "\": cannot read " + ca
                        + " (expected: a readable PEM file)");
            }
        } else if (trust.startsWith("pin:")) {
            try {
                TsqClient.builder().pinSha256(trust.substring(4));
            } catch (IllegalArgumentException e) {
                throw error(path + ".trust", "trust", "\"" + trust + "\": " + e.getMessage());
            }
        } else if (!trust.equals("system") && !trust.equals("insecure")) {
            throw error(path + ".trust", "trust", "\"" + trust + "\" (expected: \"system\", \"ca:/path/chain.pem\","
                    + " \"pin:sha256:HEX\" or \"insecure\")");
        }
        String mode = string(n, path, "mode", "auto");
        if (!List.of("datagram", "stream", "auto").contains(mode)) {
            throw error(path + ".mode", "mode", "\"" + mode + "\" (expected: \"datagram\", \"stream\" or \"auto\")");
        }
        boolean signed = bool(n, path, "signed", false);
        String key = n.has("trusted-key") ? string(n, path, "trusted-key", null) : null;
        if (key != null) {
            Path keyFile = key.startsWith("ed25519:") ? Path.of(key.substring(8))
                    : key.startsWith("hmac:") ? Path.of(key.substring(5)) : null;
            if (keyFile == null) {
                throw error(path + ".trusted-key", "trusted-key", "\"" + key
                        + "\" (expected: \"ed25519:/path/key.pub.pem\" or \"hmac:/path/secret\")");
            }
            if (!Files.isReadable(keyFile)) {
                throw error(path + ".trusted-key", "trusted-key", "cannot read " + keyFile
                        + " (expected: a readable key file)");
            }
        }
        if (signed && key == null) {
            throw error(path + ".signed", "signed", "true without a trusted-key (expected: trusted-key ="
                    + " \"ed25519:PEMFILE\" or \"hmac:KEYFILE\" to verify signatures with)");
        }
        int keyId = (int) integer(n, path, "key-id", 1, 0, 0xFFFF_FFFFL);
        String alpn = n.has("alpn") ? string(n, path, "alpn", null) : null;
        if (alpn != null && !alpn.equals("tsq") && !alpn.equals("tsq/1")) {
            throw error(path + ".alpn", "alpn", "\"" + alpn + "\" (expected: \"tsq\" or \"tsq/1\")");
        }
        long timeoutMs = integer(n, path, "timeout-ms", 1000, 1, 60_000);
        return new Source(address, protocol, trust, mode, signed, key, keyId, alpn, Duration.ofMillis(timeoutMs));
    }

    private Synchronization synchronization(ObjectNode n) {
        String p = "synchronization";
        checkKeys(n, p, SYNC);
        int agreeing = (int) integer(n, p, "minimum-agreeing-sources", 1, 1, 64);
        int min = 6;
        int max = 10;
        JsonNode limits = n.get("poll-interval-limits");
        if (limits != null) {
            String lp = p + ".poll-interval-limits";
            if (!limits.isObject()) {
                throw error(lp, "poll-interval-limits", "not a table (expected: { min = 4, max = 10 })");
            }
            checkKeys(limits, lp, POLL);
            min = (int) integer(limits, lp, "min", 6, -6, 17);
            max = (int) integer(limits, lp, "max", Math.max(10, min), -6, 17);
            if (max < min) {
                throw error(lp + ".max", "max", max + " (expected: >= min " + min + ")");
            }
        }
        double stepMs = number(n, p, "startup-step-threshold-ms", 128, 0, 86_400_000);
        int stepUpdates = (int) integer(n, p, "startup-step-updates", 3, 0, 1000);
        double panicS = number(n, p, "single-step-panic-threshold-s", 1000, 0.001, 1e9);
        double backS = number(n, p, "startup-backward-limit-s", 86_400, 0, 1e9);
        double maxPpm = number(n, p, "max-frequency-ppm", 500, 1, 100_000);
        boolean burst = bool(n, p, "initial-burst", true);
        double waitS = number(n, p, "startup-wait-s", 60, 0, 86_400);
        return new Synchronization(agreeing, min, max, nanos(stepMs * 1e6), stepUpdates, nanos(panicS * 1e9),
                nanos(backS * 1e9), maxPpm, burst, nanos(waitS * 1e9));
    }

    private ClockSettings clock(ObjectNode n) {
        String p = "clock";
        checkKeys(n, p, CLOCK);
        String modeText = string(n, p, "mode", "monitor");
        ClockMode mode = switch (modeText) {
            case "system" -> ClockMode.SYSTEM;
            case "monitor" -> ClockMode.MONITOR;
            case "virtual" -> ClockMode.VIRTUAL;
            default -> throw error(p + ".mode", "mode", "\"" + modeText
                    + "\" (expected: \"system\", \"monitor\" or \"virtual\")");
        };
        double offsetMs = number(n, p, "virtual-offset-ms", 0, -86_400_000, 86_400_000);
        double ppm = number(n, p, "virtual-frequency-ppm", 0, -100_000, 100_000);
        if (mode != ClockMode.VIRTUAL) {
            for (String k : List.of("virtual-offset-ms", "virtual-frequency-ppm")) {
                if (n.has(k)) {
                    throw error(p + "." + k, k, "only for mode = \"virtual\" (expected: mode = \"virtual\", or no "
                            + k + ")");
                }
            }
        }
        String drift = string(n, p, "drift-file", "");
        return new ClockSettings(mode, offsetMs, ppm, drift.isEmpty() ? null : Path.of(drift));
    }

    private Observability observability(ObjectNode n) {
        String p = "observability";
        checkKeys(n, p, OBS);
        String socket = string(n, p, "status-socket", DEFAULT_STATUS_SOCKET);
        String metrics = string(n, p, "metrics-listen", "");
        InetSocketAddress listen = null;
        if (!metrics.isEmpty()) {
            try {
                String t = metrics.trim();
                int colon = t.lastIndexOf(':');
                if (colon < 0 || !t.substring(colon + 1).matches("[0-9]{1,5}")) {
                    throw new IllegalArgumentException("\"" + metrics + "\" has no port");
                }
                String host = t.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                int port = Integer.parseInt(t.substring(colon + 1));
                if (host.isEmpty() || port > 65535) {
                    throw new IllegalArgumentException("\"" + metrics + "\": host empty or port above 65535");
                }
                listen = new InetSocketAddress(host, port);
                if (listen.isUnresolved()) {
                    throw new IllegalArgumentException("\"" + metrics + "\": cannot resolve " + host);
                }
            } catch (IllegalArgumentException e) {
                throw error(p + ".metrics-listen", "metrics-listen", e.getMessage()
                        + " (expected: \"host:port\", e.g. \"127.0.0.1:9975\", or \"\" for none)");
            }
        }
        return new Observability(socket.isEmpty() ? null : Path.of(socket), listen);
    }

    // ------------------------------------------------------------------------------------------ values

    private void checkKeys(JsonNode n, String path, Set<String> allowed) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw error(path.isEmpty() ? k : path + "." + k, k, "unknown key (expected one of: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private String string(JsonNode n, String path, String key, String dflt) {
        JsonNode v = n.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw error(path + "." + key, key, v + " (expected: a string)");
        }
        return v.asText();
    }

    private boolean bool(JsonNode n, String path, String key, boolean dflt) {
        JsonNode v = n.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw error(path + "." + key, key, v + " (expected: true or false)");
        }
        return v.asBoolean();
    }

    private long integer(JsonNode n, String path, String key, long dflt, long min, long max) {
        JsonNode v = n.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw error(path + "." + key, key, v + " (expected: an integer " + min + "-" + max + ")");
        }
        long x = v.asLong();
        if (x < min || x > max) {
            throw error(path + "." + key, key, x + " (expected: " + min + "-" + max + ")");
        }
        return x;
    }

    private double number(JsonNode n, String path, String key, double dflt, double min, double max) {
        JsonNode v = n.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw error(path + "." + key, key, v + " (expected: a number " + fmt(min) + "-" + fmt(max) + ")");
        }
        double x = v.asDouble();
        if (x < min || x > max) {
            throw error(path + "." + key, key, fmt(x) + " (expected: " + fmt(min) + "-" + fmt(max) + ")");
        }
        return x;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static Duration nanos(double n) {
        return Duration.ofNanos(Math.round(n));
    }

    private ConfigException error(String path, String key, String reason) {
        int[] at = locator.find(path);
        String where = at == null ? fileName : fileName + ":" + at[0] + ":" + at[1];
        return new ConfigException(where + ": " + (path.isEmpty() ? key : path) + ": " + reason);
    }

    /**
     * Where each key and table header of a TOML text is (line and column, 1-based), keyed like the parser's
     * paths: {@code synchronization.poll-interval-limits.min}, {@code source[1].trust}. The TOML library gives
     * positions only for syntax errors; this line scan finds the keys of well-formed files.
     */
    static final class Locator {
        private static final Pattern HEADER = Pattern.compile("^\\s*(\\[\\[?)\\s*([^\\]]+?)\\s*\\]\\]?");
        private static final Pattern KEY = Pattern.compile("^\\s*(\"[^\"]*\"|[A-Za-z0-9_.\\s-]+?)\\s*=");
        private static final Pattern INLINE_KEY = Pattern.compile("([A-Za-z0-9_-]+)\\s*=");
        private final Map<String, int[]> where = new HashMap<>();

        Locator(String text) {
            Map<String, Integer> arrays = new HashMap<>();
            String table = "";
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                Matcher h = HEADER.matcher(line);
                if (h.find()) {
                    String name = h.group(2).replace(" ", "").replace("\"", "");
                    if (h.group(1).equals("[[")) {
                        int idx = arrays.merge(name, 1, Integer::sum) - 1;
                        table = name + "[" + idx + "]";
                        where.putIfAbsent(name, new int[] {i + 1, h.start(2) + 1});
                    } else {
                        table = name;
                    }
                    where.putIfAbsent(table, new int[] {i + 1, h.start(2) + 1});
                    continue;
                }
                Matcher k = KEY.matcher(line);
                if (k.find() && !line.trim().startsWith("#")) {
                    String key = k.group(1).trim().replace("\"", "").replace(" ", "");
                    String full = table.isEmpty() ? key : table + "." + key;
                    where.putIfAbsent(full, new int[] {i + 1, k.start(1) + 1});
                    int brace = line.indexOf('{', k.end());
                    if (brace >= 0) {
                        Matcher ik = INLINE_KEY.matcher(line);
                        ik.region(brace, line.length());
                        while (ik.find()) {
                            where.putIfAbsent(full + "." + ik.group(1), new int[] {i + 1, ik.start(1) + 1});
                        }
                    }
                }
            }
        }

        /** The position of {@code path}, else of its nearest enclosing key or table; null if none is known. */
        int[] find(String path) {
            String p = path;
            while (!p.isEmpty()) {
                int[] at = where.get(p);
                if (at != null) {
                    return at;
                }
                int dot = p.lastIndexOf('.');
                int bracket = p.lastIndexOf('[');
                int cut = Math.max(dot, bracket);
                if (cut < 0) {
                    break;
                }
                p = p.substring(0, cut);
            }
            return null;
        }
    }
}
