package dev.tsq.cli;

import dev.tsq.bench.Fmt;
import dev.tsq.client.ServerReport;
import dev.tsq.client.SyncReport;
import dev.tsq.client.Synchronizer;
import dev.tsq.client.TsqClient;
import dev.tsq.server.TsqServer;
import dev.tsq.sync.Action;
import dev.tsq.time.WallClock;
import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tsq demo}: three embedded servers on loopback, two 250 ms ahead of this machine and one lying by 5 s,
 * and a dry-run sync against them that outvotes the liar and decides a +250 ms step. No arguments, no network,
 * never touches the clock.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a dry-run sync against three embedded loopback servers, one of which lies.")
final class DemoCommand implements Callable<Integer> {
    private static final long MS = 1_000_000L;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print the sync report as one JSON object.")
    boolean json;

    @Option(names = "--verbose", description = "Print every sample.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<TsqServer> servers = new ArrayList<>();
        try {
            long[] offsets = {250 * MS, 250 * MS, 5_000 * MS};
            String[] roles = {"honest, +250 ms", "honest, +250 ms", "liar, +5 s"};
            List<X509Certificate> trusted = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (long offset : offsets) {
                TsqServer s = TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned()
                        .clock(WallClock.SYSTEM.offsetBy(offset)).build().start();
                servers.add(s);
                trusted.add(s.certificateChain().get(0));
                names.add("127.0.0.1:" + s.port());
            }
            if (!json) {
                out.println("TSQ demo: three servers on loopback, each with its own self-signed certificate:");
                for (int i = 0; i < names.size(); i++) {
                    out.printf(Locale.ROOT, "  %-17s %s%n", names.get(i), roles[i]);
                }
                out.println("Dry-run sync (5 queries per server, nothing on this machine is changed):");
                out.println();
            }
            SyncReport report;
            try (TsqClient client = TsqClient.builder().servers(names).trustCertificates(trusted).build()) {
                report = Synchronizer.builder().servers(names).source(client::queryAsync).dryRun(true).build().run();
            }
            boolean liarOutvoted = report.servers().stream().filter(s -> s.server().equals(names.get(2))).noneMatch(ServerReport::agreed);
            boolean step250 = report.action() == Action.STEP && Math.abs(report.decision().correctionNanos() - 250 * MS) < 5 * MS;
            if (json) {
                out.println(SyncCommand.toJson(report));
            } else {
                SyncCommand.printHuman(out, report, verbose);
                out.println();
                out.printf(Locale.ROOT, "The liar (%s) was %s; the two honest servers agree on %s, so the decision is %s.%n",
                        names.get(2), liarOutvoted ? "outvoted" : "NOT outvoted",
                        Fmt.signedMs(report.estimate().offsetNanos()),
                        report.action().wireName() + " " + Fmt.signedMs(report.decision().correctionNanos()));
            }
            if (!liarOutvoted || !step250) {
                spec.commandLine().getErr().println("tsq demo: unexpected outcome: " + report.decision());
                return TsqCli.NO_ANSWER;
            }
            return TsqCli.OK;
        } finally {
            servers.forEach(TsqServer::close);
        }
    }
}
