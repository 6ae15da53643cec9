package dev.tsq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tsq.daemon.ConfigParser;
import dev.tsq.daemon.StatusClient;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tsq wait-sync}: exit 0 as soon as the daemon is synchronised within M, 1 on timeout (chrony-wait's role). */
@Command(name = "wait-sync", mixinStandardHelpOptions = true,
        description = "Wait until the daemon is synchronised (exit 0) or the timeout passes (exit 1).")
final class WaitSyncCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "60",
            description = "Give up after this many seconds. Default: ${DEFAULT-VALUE}.")
    double timeoutS;

    @Option(names = "--max-error-ms", paramLabel = "M", defaultValue = "100",
            description = "Synchronised means error_bound_ns <= M ms. Default: ${DEFAULT-VALUE}.")
    double maxErrorMs;

    @Option(names = "--socket", paramLabel = "PATH", defaultValue = ConfigParser.DEFAULT_STATUS_SOCKET,
            description = "The daemon's status socket. Default: ${DEFAULT-VALUE}.")
    Path socket;

    @Override
    public Integer call() throws InterruptedException {
        if (!(timeoutS >= 0 && timeoutS <= 86_400 * 7)) {
            throw new IllegalArgumentException("--timeout: " + timeoutS + " (expected: 0-604800)");
        }
        if (!(maxErrorMs > 0 && maxErrorMs <= 1e9)) {
            throw new IllegalArgumentException("--max-error-ms: " + maxErrorMs + " (expected: > 0)");
        }
        JsonNode s = StatusClient.waitSync(socket, Math.round(timeoutS * 1000), Math.round(maxErrorMs * 1e6), 250);
        if (s == null) {
            spec.commandLine().getErr().printf(Locale.ROOT, "tsq wait-sync: not synchronised within %.6g ms after"
                    + " %.6g s (socket %s)%n", maxErrorMs, timeoutS, socket);
            return TsqCli.NO_ANSWER;
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "synchronised: error bound %.6f ms%n",
                s.path("error_bound_ns").asLong() / 1e6);
        return TsqCli.OK;
    }
}
