package dev.tsq.cli;

import dev.tsq.bench.BenchMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code tsq bench}: the loopback benchmark table of {@link BenchMain}, as a subcommand of the one {@code tsq}
 * command so that {@code tsq --help} lists it. Its options are parsed by {@link BenchMain} itself
 * ({@code tsq bench --help} prints them).
 */
@Command(name = "bench", description = "Loopback benchmark: TSQ beside the UDP floor and chronyd, one table with"
        + " PASS/MISS per goal (tsq bench --help for its options).")
final class BenchCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (args.contains("--daemon")) {
            return DaemonBench.run(spec.commandLine().getOut(), spec.commandLine().getErr(), args);
        }
        return BenchMain.run(args.toArray(String[]::new));
    }
}
