package dev.tsq.examples;

import dev.tsq.client.TsqClient;
import dev.tsq.client.TsqSample;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A plain Java client: asks one TSQ server for the time and prints this machine's offset from it.
 *
 * <pre>
 * java dev.tsq.examples.QueryOffset time.example.com             # trusts the system's CAs
 * java dev.tsq.examples.QueryOffset 127.0.0.1:4433 ca.pem        # trusts the CA certificates in ca.pem
 * </pre>
 */
public final class QueryOffset {
    private QueryOffset() {
    }

    /**
     * Runs the example.
     *
     * @param args the server ({@code host}, {@code host:port}; port 443 by default) and, optionally, a PEM file of
     *             CA certificates to trust instead of the system's
     */
    public static void main(String... args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: QueryOffset SERVER [CA_PEM]");
            System.exit(2);
        }
        query(args[0], args.length == 2 ? Path.of(args[1]) : null, System.out);
    }

    /**
     * Queries {@code server} once and prints the offset, the round-trip delay and the transport used.
     *
     * @param caBundle CA certificates to trust (PEM), or null for the system's
     * @return the sample
     */
    public static TsqSample query(String server, Path caBundle, PrintStream out) {
        // region readme-client
        TsqClient.Builder builder = TsqClient.builder().server(server); // "host" or "host:port"; port 443 by default
        if (caBundle != null) {
            builder.trustPem(caBundle);               // trust these CAs instead of the system's
        }
        try (TsqClient client = builder.build()) {
            TsqSample s = client.query();             // one exchange; later queries reuse the QUIC connection
            out.printf("offset %+.3f ms, rtt %.3f ms over %s%n", s.offsetMillis(), s.delayMillis(), s.mode());
            return s;
        }
        // endregion readme-client
    }
}
