package dev.tsq.examples;

import dev.tsq.client.Synchronizer;
import dev.tsq.client.SyncReport;
import dev.tsq.client.TsqClient;
import dev.tsq.clock.linux.LinuxClockAdjuster;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A one-shot clock sync with the Linux adjuster ({@code tsq-clock-linux}): query every server, combine, decide,
 * and, only when the environment says {@code TSQ_ALLOW_CLOCK_CHANGE=1} (and the process may set the time, e.g.
 * {@code CAP_SYS_TIME}), slew or step the clock. Otherwise a dry run: it decides and reports, and changes nothing.
 *
 * <pre>
 * java dev.tsq.examples.OneShotSync a.example b.example c.example                    # dry run
 * TSQ_ALLOW_CLOCK_CHANGE=1 java dev.tsq.examples.OneShotSync a.example b.example c.example
 * </pre>
 */
public final class OneShotSync {
    /** The environment variable that lets this example change the clock, when set to {@code 1}. */
    public static final String ALLOW_CLOCK_CHANGE = "TSQ_ALLOW_CLOCK_CHANGE";

    private OneShotSync() {
    }

    /**
     * Runs the example.
     *
     * @param args the servers ({@code host[:port]}); {@code --ca FILE} first to trust that PEM file's CAs instead
     *             of the system's
     */
    public static void main(String... args) {
        Path ca = null;
        int first = 0;
        if (args.length >= 2 && args[0].equals("--ca")) {
            ca = Path.of(args[1]);
            first = 2;
        }
        if (args.length == first) {
            System.err.println("usage: OneShotSync [--ca CA_PEM] SERVER...");
            System.exit(2);
        }
        boolean allowClockChange = "1".equals(System.getenv(ALLOW_CLOCK_CHANGE));
        SyncReport report = sync(List.of(args).subList(first, args.length), ca, allowClockChange, System.out);
        System.exit(report.succeeded() ? 0 : 1);
    }

    /**
     * Measures the servers and decides; changes the clock only when {@code allowClockChange}.
     *
     * @param caBundle CA certificates to trust (PEM), or null for the system's
     * @return the report: what was measured, decided and done
     */
    public static SyncReport sync(List<String> servers, Path caBundle, boolean allowClockChange, PrintStream out) {
        // region readme-sync
        TsqClient.Builder builder = TsqClient.builder().servers(servers);
        if (caBundle != null) {
            builder.trustPem(caBundle);
        }
        try (TsqClient client = builder.build()) {            // stays open while the synchronizer queries through it
            SyncReport report = Synchronizer.builder()
                    .servers(servers)
                    .source(client::queryAsync)               // 5 queries per server on reused connections
                    .adjuster(LinuxClockAdjuster.create())    // needs tsq-clock-linux (Linux x86-64 or aarch64)
                    .dryRun(!allowClockChange)                // dry run: decide and report, change nothing
                    .build()
                    .run();
            out.printf("%s %+.3f ms (%s), applied: %s%n", report.action(), report.decision().correctionNanos() / 1e6,
                    report.decision().reason(), report.applied());
            return report;
        }
        // endregion readme-sync
    }
}
