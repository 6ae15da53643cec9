package dev.tsq.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tsq.daemon.ConfigParser;
import dev.tsq.daemon.StatusClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tsq status}: the daemon's status over its Unix domain socket. Exit 0 synchronised, 1 not (or no daemon). */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the daemon's status.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "One JSON object, as the daemon wrote it.")
    boolean json;

    @Option(names = "--socket", paramLabel = "PATH", defaultValue = ConfigParser.DEFAULT_STATUS_SOCKET,
            description = "The daemon's status socket. Default: ${DEFAULT-VALUE}.")
    Path socket;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String raw;
        JsonNode s;
        try {
            raw = StatusClient.readRaw(socket);
            s = new com.fasterxml.jackson.databind.ObjectMapper().readTree(raw);
        } catch (IOException e) {
            spec.commandLine().getErr().println("tsq status: cannot read " + socket + ": " + e.getMessage()
                    + " (is the daemon running?)");
            return TsqCli.NO_ANSWER;
        }
        if (json) {
            out.println(raw);
        } else {
            out.print(StatusClient.format(s));
        }
        return s.path("synchronized").asBoolean() ? TsqCli.OK : TsqCli.NO_ANSWER;
    }
}
