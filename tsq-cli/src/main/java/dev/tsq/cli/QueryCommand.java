package dev.tsq.cli;

import dev.tsq.TsqException;
import dev.tsq.bench.Fmt;
import dev.tsq.bench.Json;
import dev.tsq.client.TsqClient;
import dev.tsq.client.TsqSample;
import dev.tsq.client.TsqSeries;
import dev.tsq.sync.SampleStats;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tsq query}: measure the offset to one or more servers. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Query TSQ servers and print the offset of this machine's clock to each.",
        footer = {"", "Exit: 0 every server answered, 1 a server did not answer (reason on stderr), 2 usage error."})
final class QueryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "HOST[:PORT]", description = "Servers (default port 443; IPv6 as [::1]:PORT).")
    List<String> servers;

    @Option(names = "--count", paramLabel = "N", defaultValue = "5", description = "Queries per server, back to back. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--precision", description = "Ask for Precision Mode (equal request and response sizes).")
    boolean precision;

    @Option(names = "--signed", description = "Require signed responses (needs --trust-ed25519 or --trust-hmac).")
    boolean signed;

    @Option(names = "--metadata", description = "Ask for the server's Metadata.")
    boolean metadata;

    @Option(names = "--json", description = "One JSON object per server, one per line.")
    boolean json;

    @Mixin
    TrustOptions client;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > 10_000) {
            throw new IllegalArgumentException("--count: " + count + " (expected: 1-10000)");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        try (TsqClient c = client.clientBuilder(servers, signed).precisionMode(precision).metadataQuery(metadata).build()) {
            List<TsqSeries> all = c.queryAll(count);
            for (TsqSeries s : all) {
                if (!s.ok()) {
                    failed++;
                    TsqException f = s.firstFailure();
                    err.println("tsq query: " + s.server() + ": " + (f == null ? "no answer" : Fmt.escape(f.getMessage())));
                }
                if (json) {
                    out.println(toJson(s));
                } else {
                    printHuman(out, s);
                }
            }
        }
        return failed == 0 ? TsqCli.OK : TsqCli.NO_ANSWER;
    }

    static SampleStats stats(List<TsqSample> samples) {
        return SampleStats.of(samples.stream().map(TsqSample::sample).toList());
    }

    static Json toJson(TsqSeries s) {
        Json j = Json.object().put("server", s.server());
        TsqSample first = s.samples().isEmpty() ? null : s.samples().get(0);
        j.put("alpn", s.alpn()); // also when every query failed after the handshake
        j.put("mode", s.mode() == null ? null : s.mode().label());
        j.put("samples", s.samples().size());
        j.put("attempted", s.attempted());
        j.put("ok", s.ok());
        if (s.ok()) {
            SampleStats st = stats(s.samples());
            j.put("offset_ms", Json.millis(st.medianOffsetNanos()));
            j.put("offset_stdev_ms", Json.millis(st.stdevOffsetNanos()));
            j.put("rtt_ms", Json.millis(st.medianDelayNanos()));
            j.put("rtt_min_ms", Json.millis(st.minDelaySample().delayNanos()));
            j.put("authenticated", s.samples().stream().allMatch(TsqSample::authenticated));
            j.put("precision", s.samples().stream().allMatch(TsqSample::precisionAcknowledged));
            j.put("request_bytes", first.requestBytes());
            j.put("response_bytes", first.responseBytes());
            if (first.metadata() != null) {
                j.put("metadata", first.metadata().asMap());
            }
            if (first.clockQuality() != null) {
                j.put("clock_quality", Json.object().put("class", first.clockQuality().clockClass())
                        .put("error_us", first.clockQuality().estimatedErrorMicros())
                        .put("drift_ppb", first.clockQuality().driftPpb())
                        .put("tag", first.clockQuality().sourceClassTag()));
            }
            if (first.timeSourceInfo() != null) {
                j.put("time_source", Json.object().put("stratum", first.timeSourceInfo().stratum())
                        .put("type", first.timeSourceInfo().sourceType())
                        .put("info", first.timeSourceInfo().info()));
            }
        } else {
            j.put("offset_ms", null).put("offset_stdev_ms", null).put("rtt_ms", null).put("authenticated", false);
        }
        if (!s.failures().isEmpty()) {
            j.put("errors", s.failures().stream().map(Throwable::getMessage).distinct().toList());
        }
        return j;
    }

    /**
     * Human output; every server-supplied string goes through {@link Fmt#escape}. Concatenation, not
     * {@code printf}: a cold {@code Formatter} costs a one-shot process milliseconds.
     */
    static void printHuman(PrintWriter out, TsqSeries s) {
        if (!s.ok()) {
            out.println(s.server() + ": no answer (" + s.attempted() + " queries)");
            return;
        }
        TsqSample first = s.samples().get(0);
        SampleStats st = stats(s.samples());
        out.println(s.server() + ": offset " + Fmt.signedMs(st.medianOffsetNanos()) + " (stdev "
                + Fmt.ms(st.stdevOffsetNanos()) + "), rtt " + Fmt.ms(st.medianDelayNanos()) + " (min "
                + Fmt.ms(st.minDelaySample().delayNanos()) + "), " + s.samples().size() + "/" + s.attempted()
                + " samples, " + first.alpn() + " over " + first.mode().label()
                + (s.samples().stream().allMatch(TsqSample::authenticated) ? ", authenticated" : "")
                + (s.samples().stream().allMatch(TsqSample::precisionAcknowledged) ? ", precision" : ""));
        if (first.metadata() != null) {
            out.println("  metadata: " + Fmt.escape(String.valueOf(first.metadata().asMap())));
        }
        if (first.clockQuality() != null) {
            out.println("  clock quality: class " + first.clockQuality().clockClass() + ", ±"
                    + first.clockQuality().estimatedErrorMicros() + " us, " + first.clockQuality().driftPpb() + " ppb "
                    + Fmt.escape(first.clockQuality().sourceClassTag()));
        }
        if (first.timeSourceInfo() != null) {
            out.println("  time source: stratum " + first.timeSourceInfo().stratum() + ", type "
                    + first.timeSourceInfo().sourceType() + " " + Fmt.escape(first.timeSourceInfo().info()));
        }
    }
}
