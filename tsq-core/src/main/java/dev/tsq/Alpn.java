package dev.tsq;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * TSQ's ALPN identifiers (draft section 6.1): {@code tsq}, and {@code tsq/1} which the deployed reference
 * implementations negotiate. Clients offer both (draft first); servers accept both.
 */
public final class Alpn {
    /** The draft's identifier. */
    public static final String TSQ = "tsq";
    /** The identifier the deployed reference implementations use. */
    public static final String TSQ_1 = "tsq/1";
    /** Offered or accepted by default, most preferred first. */
    public static final List<String> DEFAULTS = List.of(TSQ, TSQ_1);

    private Alpn() {
    }

    /**
     * Checks a list of ALPN identifiers for a builder: at least one, each 1-255 bytes.
     *
     * @throws IllegalArgumentException naming the bad entry
     * @param protocols the identifiers, most preferred first
     * @return them as an immutable list
     */
    public static List<String> checked(String... protocols) {
        if (protocols == null || protocols.length == 0) {
            throw new IllegalArgumentException("alpn: none (expected: at least one, e.g. tsq)");
        }
        List<String> list = new ArrayList<>(protocols.length);
        for (String p : protocols) {
            if (p == null || p.isEmpty() || p.getBytes(StandardCharsets.UTF_8).length > 255) {
                throw new IllegalArgumentException("alpn: '" + p + "' (expected: 1-255 bytes)");
            }
            list.add(p);
        }
        return List.copyOf(list);
    }
}
