package dev.tsq.cli;

import dev.tsq.daemon.ConfigException;
import dev.tsq.daemon.ConfigParser;
import dev.tsq.daemon.Daemon;
import dev.tsq.daemon.DaemonConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tsq daemon --config FILE}: continuous synchronisation until stopped. SIGTERM or SIGINT write the drift
 * file, close the connections and exit 0; a panic (offset beyond the panic limits) exits 3.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = "Run continuous synchronisation (TOML config; see the README's \"Daemon\" section).")
final class DaemonCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The TOML configuration file.")
    Path config;

    @Option(names = "--virtual-offset-ms", paramLabel = "X",
            description = "Injected initial error of the virtual clock (replaces clock.virtual-offset-ms).")
    Double virtualOffsetMs;

    @Option(names = "--virtual-freq-ppm", paramLabel = "Y",
            description = "Injected frequency error of the virtual clock (replaces clock.virtual-frequency-ppm).")
    Double virtualFreqPpm;

    @Option(names = "--check", description = "Check the configuration and exit (0 when valid, 2 otherwise).")
    boolean check;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        DaemonConfig cfg;
        try {
            cfg = ConfigParser.parse(config);
        } catch (ConfigException e) {
            err.println("tsq daemon: " + e.getMessage());
            return TsqCli.USAGE;
        }
        if (virtualOffsetMs != null || virtualFreqPpm != null) {
            if (cfg.clock().mode() != DaemonConfig.ClockMode.VIRTUAL) {
                err.println("tsq daemon: --virtual-offset-ms/--virtual-freq-ppm need clock.mode = \"virtual\" in "
                        + config);
                return TsqCli.USAGE;
            }
            if ((virtualOffsetMs != null && !(Math.abs(virtualOffsetMs) <= 86_400_000))
                    || (virtualFreqPpm != null && !(Math.abs(virtualFreqPpm) <= 100_000))) {
                err.println("tsq daemon: --virtual-offset-ms: " + virtualOffsetMs + ", --virtual-freq-ppm: "
                        + virtualFreqPpm + " (expected: |ms| <= 86400000, |ppm| <= 100000)");
                return TsqCli.USAGE;
            }
            cfg = cfg.withVirtualError(virtualOffsetMs, virtualFreqPpm);
        }
        if (check) {
            spec.commandLine().getOut().println(config + ": ok (" + cfg.sources().size() + " sources, clock "
                    + cfg.clock().mode().name().toLowerCase(java.util.Locale.ROOT) + ")");
            return TsqCli.OK;
        }
        Daemon daemon;
        try {
            daemon = Daemon.start(cfg);
        } catch (dev.tsq.TsqException e) {
            err.println("tsq daemon: " + e.getMessage());
            return TsqCli.REFUSED;
        }
        Runnable stop = daemon::stop;
        for (String sig : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> stop.run());
            } catch (IllegalArgumentException e) {
                // not available here: the shutdown hook below still stops the daemon cleanly
            }
        }
        Thread hook = new Thread(daemon::close, "tsq-daemon-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = daemon.await();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        return code;
    }
}
