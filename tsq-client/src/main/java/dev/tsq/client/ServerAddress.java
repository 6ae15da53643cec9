package dev.tsq.client;

import java.util.Objects;

/**
 * A server as the user names it: host (name or IP literal) and UDP port.
 *
 * @param host a host name or an IP literal (IPv6 without brackets)
 * @param port 1-65535
 */
public record ServerAddress(String host, int port) {
    /** The TSQ port. */
    public static final int DEFAULT_PORT = 443;

    /**
     * A server address.
     *
     * @param host a host name or an IP literal (IPv6 without brackets)
     * @param port 1-65535
     * @throws IllegalArgumentException when the host is empty or the port out of range
     */
    public ServerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host: empty (expected: a host name or IP address)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port} or a bare IPv6 literal
     * ({@code ::1}, port 443).
     *
     * @param text the server as written by a user
     * @return the address
     * @throws IllegalArgumentException when it cannot be parsed
     */
    public static ServerAddress parse(String text) {
        Objects.requireNonNull(text, "server");
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("server: empty (expected: host[:port])");
        }
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("server: " + text + " (expected: [ipv6]:port, missing ']')");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("server: " + text + " (expected: [ipv6]:port)");
                }
                port = rest.substring(1);
            }
        } else {
            int first = s.indexOf(':');
            if (first >= 0 && first == s.lastIndexOf(':')) {
                host = s.substring(0, first);
                port = s.substring(first + 1);
            } else {
                host = s; // no colon, or several: a bare IPv6 literal
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("server: " + text + " (expected: host[:port], host is empty)");
        }
        int p = DEFAULT_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("server: " + text + " (expected: a port number after ':')");
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("server: " + text + ", port " + p + " (expected: 1-65535)");
            }
        }
        return new ServerAddress(host, p);
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
