package dev.tsq.cli;

import dev.tsq.TsqException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tsq}: serve time, query servers, synchronize the clock, read the kernel clock, and a demo. Exit codes
 * are part of the contract: 0 success, 1 nothing usable (no server answered / no usable samples), 2 usage error,
 * 3 refused by policy, 4 not permitted to adjust the clock.
 */
@Command(name = "tsq", mixinStandardHelpOptions = true, versionProvider = TsqCli.Version.class,
        description = "Time Synchronization over QUIC (draft-mccollum-ntp-tsq-01).",
        subcommands = {ServeCommand.class, QueryCommand.class, SyncCommand.class, ClockCommand.class,
                DemoCommand.class, KeygenCommand.class, BenchCommand.class, SimulateCommand.class, CommandLine.HelpCommand.class,
                DaemonCommand.class, StatusCommand.class, WaitSyncCommand.class})
public final class TsqCli implements Runnable {
    static final int OK = 0;
    static final int NO_ANSWER = 1;
    static final int USAGE = 2;
    static final int REFUSED = 3;
    static final int NOT_PERMITTED = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the CLI with the given output streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = hot(args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                commandLine.getErr().println("tsq: " + e.getMessage());
                return USAGE;
            }
            if (e instanceof TsqException || e instanceof java.io.IOException) {
                commandLine.getErr().println("tsq: " + e.getMessage());
                return NO_ANSWER;
            }
            throw e;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    /**
     * The command line to parse {@code args} with. For the one-shot commands ({@code sync}, {@code query}) only
     * that command's model is built under a programmatic {@code tsq} parent: reflecting over every subcommand's
     * annotations (serve, bench, keygen ...) cost a cold process tens of milliseconds for models it never used.
     * Usage, help, version, error messages and exit codes are the same as through the full model.
     */
    static CommandLine hot(String... args) {
        if (args.length > 0 && ("sync".equals(args[0]) || "query".equals(args[0]))) {
            CommandLine.Model.CommandSpec parent = CommandLine.Model.CommandSpec.create().name("tsq")
                    .versionProvider(new Version());
            parent.mixinStandardHelpOptions(true);
            CommandLine cl = new CommandLine(parent);
            cl.addSubcommand(args[0], "sync".equals(args[0]) ? new SyncCommand() : new QueryCommand());
            return cl;
        }
        return new CommandLine(new TsqCli());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = TsqCli.class.getPackage().getImplementationVersion();
            return new String[] {"tsq " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
