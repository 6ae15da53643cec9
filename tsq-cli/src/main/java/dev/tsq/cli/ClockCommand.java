package dev.tsq.cli;

import dev.tsq.bench.Json;
import dev.tsq.spi.ClockAdjuster;
import dev.tsq.spi.ClockAdjusters;
import dev.tsq.spi.ClockStatus;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tsq clock}: the kernel's clock status, read-only (adjtimex with modes 0). */
@Command(name = "clock", mixinStandardHelpOptions = true, description = "Print the kernel clock status (read-only).")
final class ClockCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<ClockAdjuster> adjuster = ClockAdjusters.discover();
        if (adjuster.isEmpty()) {
            spec.commandLine().getErr().println("tsq clock: no clock adjuster for this platform ("
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ")");
            return TsqCli.NO_ANSWER;
        }
        ClockStatus s = adjuster.get().status();
        if (json) {
            out.println(Json.object()
                    .put("adjuster", adjuster.get().name())
                    .put("offset_ns", s.offsetNanos())
                    .put("frequency_ppm", s.frequencyPpm())
                    .put("maxerror_us", s.maxErrorMicros())
                    .put("esterror_us", s.estErrorMicros())
                    .put("status", s.status())
                    .put("flags", s.flags())
                    .put("tai_offset_s", s.taiOffsetSeconds())
                    .put("clock_state", s.clockStateName())
                    .put("synchronized", s.synced())
                    .put("time_constant", s.timeConstant())
                    .put("tick_us", s.tickMicros()));
        } else {
            out.printf(Locale.ROOT, "adjuster:       %s%n", adjuster.get().name());
            out.printf(Locale.ROOT, "clock state:    %s (%s)%n", s.clockStateName(), s.synced() ? "synchronized" : "unsynchronized");
            out.printf(Locale.ROOT, "offset:         %d ns%n", s.offsetNanos());
            out.printf(Locale.ROOT, "frequency:      %+.3f ppm%n", s.frequencyPpm());
            out.printf(Locale.ROOT, "max error:      %d us%n", s.maxErrorMicros());
            out.printf(Locale.ROOT, "est error:      %d us%n", s.estErrorMicros());
            out.printf(Locale.ROOT, "status:         0x%04x %s%n", s.status(), s.flags());
            out.printf(Locale.ROOT, "TAI offset:     %d s%n", s.taiOffsetSeconds());
            out.printf(Locale.ROOT, "time constant:  %d%n", s.timeConstant());
            out.printf(Locale.ROOT, "tick:           %d us%n", s.tickMicros());
        }
        return TsqCli.OK;
    }
}
