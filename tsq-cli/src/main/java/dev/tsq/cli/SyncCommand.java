package dev.tsq.cli;

import dev.tsq.TsqException;
import dev.tsq.bench.Fmt;
import dev.tsq.bench.Json;
import dev.tsq.client.ServerReport;
import dev.tsq.client.SyncReport;
import dev.tsq.client.Synchronizer;
import dev.tsq.client.TsqClient;
import dev.tsq.client.TsqSample;
import dev.tsq.spi.ClockAdjuster;
import dev.tsq.spi.ClockAdjusters;
import dev.tsq.spi.ClockPermissionException;
import dev.tsq.sync.Action;
import dev.tsq.sync.Estimate;
import dev.tsq.sync.SyncPolicy;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tsq sync}: one-shot clock synchronization, like ntpdate. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Measure the offset to several servers and correct this machine's clock: slew small offsets,",
                "step large ones, refuse beyond --max-offset or without a majority of the configured servers agreeing",
                "(a server that does not answer is a vote for nobody; servers are deduplicated by resolved address).",
                "Changing the clock needs CAP_SYS_TIME and the explicit opt-in TSQ_ALLOW_CLOCK_CHANGE=1;",
                "--insecure and --no-hostname-check are accepted only with --dry-run."},
        footer = {"", "Exit: 0 synchronized (or would be, with --dry-run), 1 no usable samples, 2 usage error,",
                "      3 refused by policy, 4 not permitted to adjust the clock."})
final class SyncCommand implements Callable<Integer> {
    /** The environment variable a user sets to let {@code tsq sync} change the real clock. */
    static final String ALLOW_ENV = "TSQ_ALLOW_CLOCK_CHANGE";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "HOST[:PORT]", description = "Servers (default port 443).")
    List<String> servers;

    @Option(names = "--queries", paramLabel = "N", defaultValue = "16", description = "Measured queries per server (they cost little: the handshake dominates). Default: ${DEFAULT-VALUE}.")
    int queries;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "2",
            description = "Exchanges per server before the measured ones, discarded (they run cold and slow). Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--max-offset", paramLabel = "MS", defaultValue = "1000", description = "Refuse larger offsets. Default: ${DEFAULT-VALUE} ms.")
    double maxOffsetMs;

    @Option(names = "--slew-threshold", paramLabel = "MS", defaultValue = "128",
            description = "Slew at or below, step above; at most 500 (the kernel's slew range). Default: ${DEFAULT-VALUE} ms.")
    double slewThresholdMs;

    @Option(names = "--min-agree", paramLabel = "N",
            description = "Require at least N agreeing servers, besides a majority of the configured ones (1 to the number of servers).")
    Integer minAgree;

    @Option(names = "--signed", description = "Require signed responses (needs --trust-ed25519 or --trust-hmac, which imply it):"
            + " an unsigned or badly signed response counts as that server's failure.")
    boolean signed;

    @Option(names = "--deadline-ms", paramLabel = "MS", defaultValue = "20000",
            description = "Bound on the whole sync, re-measurement included; what arrived in time is used. Default: ${DEFAULT-VALUE}.")
    long deadlineMs;

    @Option(names = "--dry-run", description = "Measure and decide, change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Option(names = "--verbose", description = "Print every sample.")
    boolean verbose;

    @Mixin
    TrustOptions client;

    /** The most the kernel's singleshot adjtime slews (and the Linux adjuster accepts), in milliseconds. */
    static final double KERNEL_MAX_SLEW_MS = 500;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // usage checks first: nothing is measured with options that would be refused afterwards
        boolean insecure = client.trust != null && client.trust.insecure;
        if (!dryRun && (insecure || client.noHostnameCheck)) {
            err.println("tsq sync: " + (insecure ? "--insecure accepts any certificate" : "--no-hostname-check accepts"
                    + " a certificate issued for another host") + ", so anyone on the path could set this clock: refused"
                    + " without --dry-run (trust the servers with --ca FILE or --pin sha256:HEX)");
            return TsqCli.USAGE;
        }
        if (slewThresholdMs > KERNEL_MAX_SLEW_MS) {
            throw new IllegalArgumentException("--slew-threshold: " + slewThresholdMs + " (expected: at most "
                    + KERNEL_MAX_SLEW_MS + " ms, the kernel's slew range; larger offsets are stepped)");
        }
        if (minAgree != null && (minAgree < 1 || minAgree > servers.size())) {
            throw new IllegalArgumentException("--min-agree: " + minAgree + " (expected: 1-" + servers.size()
                    + ", at most the number of servers)");
        }
        if (deadlineMs < 1 || deadlineMs > 86_400_000) {
            throw new IllegalArgumentException("--deadline-ms: " + deadlineMs + " (expected: 1-86400000)");
        }
        if (queries < 1 || queries > 64) {
            throw new IllegalArgumentException("--queries: " + queries + " (expected: 1-64)");
        }
        if (warmup < 0 || warmup > 16) {
            throw new IllegalArgumentException("--warmup: " + warmup + " (expected: 0-16)");
        }
        boolean requireSigned = signed || client.trustEd25519 != null || client.trustHmac != null;
        SyncPolicy policy = SyncPolicy.builder()
                .slewThresholdNanos(millisToNanos("--slew-threshold", slewThresholdMs))
                .maxOffsetNanos(millisToNanos("--max-offset", maxOffsetMs))
                .build();
        Synchronizer.Builder sb = Synchronizer.builder().servers(servers).queriesPerServer(queries).warmupQueries(warmup).policy(policy)
                .requireSigned(requireSigned).deadline(Duration.ofMillis(deadlineMs));
        if (minAgree != null) {
            sb.minAgreeingServers(minAgree);
        }
        TsqClient.Builder cb = client.clientBuilder(servers, requireSigned); // checks --signed has a key, the mode, ...
        if (dryRun) {
            sb.dryRun(true);
        } else {
            Optional<ClockAdjuster> adjuster = ClockAdjusters.discover();
            if (adjuster.isEmpty()) {
                err.println("tsq sync: no clock adjuster for this platform; use --dry-run");
                return TsqCli.NOT_PERMITTED;
            }
            if (!"1".equals(System.getenv(ALLOW_ENV))) {
                err.println("tsq sync: not permitted to adjust the clock: set " + ALLOW_ENV
                        + "=1 to allow it (the process also needs CAP_SYS_TIME), or use --dry-run");
                return TsqCli.NOT_PERMITTED;
            }
            sb.adjuster(adjuster.get());
        }
        if (!json) {
            out.println("[" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS"))
                    + "] TSQ time synchronization starting" + (dryRun ? " (dry run)" : ""));
            out.println("Servers: " + Fmt.escape(String.join(", ", servers)));
            out.println("Queries per server: " + queries + " (after " + warmup + " warm-up), mode: " + client.mode
                    + (requireSigned ? ", signed responses required" : ""));
            out.flush();
        }
        SyncReport report;
        try (TsqClient c = cb.build()) {
            report = sb.source(c::queryAsync).build().run();
        }
        for (String w : report.warnings()) {
            err.println("tsq sync: warning: " + Fmt.escape(w));
        }
        if (json) {
            out.println(toJson(report));
        } else {
            printHuman(out, report, verbose);
        }
        return exitCode(report, err);
    }

    static long millisToNanos(String option, double ms) {
        if (!(ms > 0) || ms > 86_400_000) {
            throw new IllegalArgumentException(option + ": " + ms + " (expected: > 0 and at most 86400000 ms)");
        }
        return Math.round(ms * 1e6);
    }

    static int exitCode(SyncReport r, PrintWriter err) {
        if (r.noUsableSamples()) {
            String why = r.servers().stream().filter(s -> !s.failures().isEmpty())
                    .map(s -> s.server() + ": " + s.failures().get(0).getMessage()).findFirst().orElse("no usable samples");
            err.println("tsq sync: no usable samples: " + Fmt.escape(why));
            return TsqCli.NO_ANSWER;
        }
        if (r.action() == Action.REFUSED) {
            err.println("tsq sync: refused: " + Fmt.escape(r.decision().reason()));
            return TsqCli.REFUSED;
        }
        if (r.applyError() != null) {
            err.println("tsq sync: could not adjust the clock: " + Fmt.escape(r.applyError().getMessage()));
            return r.applyError() instanceof ClockPermissionException ? TsqCli.NOT_PERMITTED : TsqCli.NO_ANSWER;
        }
        return TsqCli.OK;
    }

    static Json toJson(SyncReport r) {
        Estimate e = r.estimate();
        Json j = Json.object()
                .put("servers", r.servers().stream().map(SyncCommand::serverJson).toList())
                .put("samples", e.validSamples())
                .put("offset_ms", e.validSamples() == 0 ? null : Json.millis(e.medianOffsetNanos()))
                .put("offset_stdev_ms", e.validSamples() == 0 ? null : Json.millis(e.stdevOffsetNanos()))
                .put("rtt_ms", e.validSamples() == 0 ? null : Json.millis(e.medianDelayNanos()))
                .put("status", e.status().wireName())
                .put("chosen_offset_ms", e.status() == Estimate.Status.AGREED ? Json.millis(e.offsetNanos()) : null)
                .put("uncertainty_ms", e.status() == Estimate.Status.AGREED ? Json.millis(e.uncertaintyNanos()) : null)
                .put("agreeing_servers", e.agreeingServers())
                .put("action", r.action().wireName())
                .put("correction_ms", Json.millis(r.decision().correctionNanos()))
                .put("reason", r.decision().reason())
                .put("dry_run", r.dryRun())
                .put("applied", r.applied())
                .put("adjuster", r.adjuster());
        if (r.applied()) {
            j.put("residual_offset_ms", r.residualOffsetNanos().isPresent() ? Json.millis(r.residualOffsetNanos().getAsLong()) : null);
        }
        if (r.applyError() != null) {
            j.put("error", r.applyError().getMessage());
        }
        if (!r.warnings().isEmpty()) {
            j.put("warnings", r.warnings());
        }
        return j.put("configured_servers", r.estimate().configuredServers())
                .put("duration_ms", Json.millis(r.durationNanos()));
    }

    private static Json serverJson(ServerReport s) {
        Json j = Json.object().put("server", s.server()).put("samples", s.samples().size()).put("agreed", s.agreed());
        if (s.estimate() != null) {
            j.put("offset_ms", Json.millis(s.estimate().offsetNanos()))
                    .put("error_ms", Json.millis(s.estimate().errorNanos()));
        }
        if (!s.samples().isEmpty()) {
            j.put("alpn", s.samples().get(0).alpn()).put("mode", s.samples().get(0).mode().label());
        }
        if (s.rejection() != null) {
            j.put("rejected", s.rejection().reason().wireName()).put("rejected_detail", s.rejection().detail());
        }
        if (!s.failures().isEmpty()) {
            j.put("errors", s.failures().stream().map(TsqException::getMessage).distinct().toList());
        }
        return j;
    }

    /** Human output; every string a server could have influenced goes through {@link Fmt#escape}. */
    static void printHuman(PrintWriter out, SyncReport r, boolean verbose) {
        Estimate e = r.estimate();
        for (ServerReport s : r.servers()) {
            if (verbose) {
                int i = 1;
                for (TsqSample x : s.samples()) {
                    // Where the round trip went: out (T2-T1), server (T3-T2), back (T4-T3); out and back include
                    // the clock offset, their difference is what the offset is made of.
                    out.println("  " + Fmt.escape(s.server()) + " #" + i++ + ": offset=" + Fmt.signedMs(x.offsetNanos())
                            + " rtt=" + Fmt.ms(x.delayNanos()) + " out=" + Fmt.us(x.t2() - x.t1())
                            + " server=" + Fmt.us(x.t3() - x.t2()) + " back=" + Fmt.us(x.t4() - x.t3())
                            + " (" + x.mode().label() + ", " + Fmt.escape(x.alpn()) + (x.authenticated() ? ", signed" : "") + ")");
                }
            }
            for (TsqException f : s.failures()) {
                out.println("  " + Fmt.escape(s.server()) + ": " + Fmt.escape(f.getMessage()));
            }
            if (s.estimate() != null) {
                out.println("  " + Fmt.escape(s.server()) + ": " + s.samples().size() + " samples, best offset "
                        + Fmt.signedMs(s.estimate().offsetNanos()) + " ± " + Fmt.ms(s.estimate().errorNanos())
                        + (s.rejection() == null ? "" : " -> rejected (" + s.rejection().reason().wireName() + ": "
                                + Fmt.escape(s.rejection().detail()) + ")"));
            }
        }
        out.println();
        out.println("Measurements: " + e.validSamples() + " samples");
        if (e.validSamples() > 0) {
            out.println("  Offset: median=" + Fmt.signedMs(e.medianOffsetNanos()) + ", stdev=" + Fmt.ms(e.stdevOffsetNanos()));
            out.println("  RTT: median=" + Fmt.ms(e.medianDelayNanos()));
        }
        if (e.status() == Estimate.Status.AGREED) {
            out.println();
            out.println("Calculated adjustment: " + Fmt.signedMs(e.offsetNanos()) + " ± " + Fmt.ms(e.uncertaintyNanos())
                    + " (servers agreeing: " + Fmt.escape(String.join(", ", e.agreeingServers())) + ")");
        }
        String what = switch (r.action()) {
            case NONE -> "nothing to do: " + Fmt.escape(r.decision().reason());
            case SLEW -> (r.applied() ? "slewed the clock by " : r.dryRun() ? "would slew the clock by " : "did not slew the clock by ")
                    + Fmt.signedMs(r.decision().correctionNanos());
            case STEP -> (r.applied() ? "stepped the clock by " : r.dryRun() ? "would step the clock by " : "did not step the clock by ")
                    + Fmt.signedMs(r.decision().correctionNanos());
            case REFUSED -> "refused: " + Fmt.escape(r.decision().reason());
        };
        out.println("Action: " + what + (r.dryRun() && r.decision().changesClock() ? " (dry run: the clock was not changed)" : ""));
        if (r.applyError() != null) {
            out.println("Error: " + Fmt.escape(r.applyError().getMessage()));
        }
        if (r.applied()) {
            out.println("Residual offset after sync: "
                    + (r.residualOffsetNanos().isPresent() ? Fmt.signedMs(r.residualOffsetNanos().getAsLong()) : "not measured (no agreement)"));
        }
        out.println("Total sync duration: " + Fmt.ms(r.durationNanos()));
    }
}
