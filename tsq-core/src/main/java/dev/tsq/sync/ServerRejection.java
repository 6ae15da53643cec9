package dev.tsq.sync;

import java.util.Locale;
import java.util.Objects;

/**
 * A server whose samples did not contribute to the final offset, and why.
 *
 * @param server the server's name
 * @param reason the category
 * @param detail a human-readable explanation with the numbers, for logs and reports
 */
public record ServerRejection(String server, Reason reason, String detail) {

    /** Why a server was left out. */
    public enum Reason {
        /** The server produced no valid sample (none at all, or every one had a timestamp anomaly). */
        NO_VALID_SAMPLES,
        /** A majority agreed and this server's correctness interval does not intersect theirs. */
        FALSETICKER,
        /** No group of more than half of the servers with samples agrees, so nobody is trusted. */
        NO_MAJORITY;

        /**
         * The lower-case name used in JSON, e.g. {@code falseticker}.
         *
         * @return the name
         */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A rejection.
     *
     * @param server the server's name
     * @param reason the category
     * @param detail a human-readable explanation with the numbers, for logs and reports
     * @throws NullPointerException when a field is null
     */
    public ServerRejection {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
