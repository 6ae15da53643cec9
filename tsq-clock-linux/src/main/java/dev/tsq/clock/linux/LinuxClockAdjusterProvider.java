package dev.tsq.clock.linux;

import dev.tsq.TsqException;
import dev.tsq.clock.linux.internal.NativeClock;
import dev.tsq.spi.ClockAdjuster;
import dev.tsq.spi.ClockAdjusterProvider;
import org.jspecify.annotations.Nullable;

/**
 * Registers {@link LinuxClockAdjuster} with {@link java.util.ServiceLoader} (META-INF/services and module-info).
 * Available only on Linux x86-64/aarch64 when JNA loads libc.
 */
public final class LinuxClockAdjusterProvider implements ClockAdjusterProvider {
    private volatile @Nullable NativeClock nativeClock;
    private volatile boolean probed;

    /** For {@link java.util.ServiceLoader}. */
    public LinuxClockAdjusterProvider() {
    }

    @Override
    public String name() {
        return "linux";
    }

    @Override
    public boolean isAvailable() {
        return probe() != null;
    }

    @Override
    public ClockAdjuster create() {
        NativeClock clock = probe();
        if (clock == null) {
            throw new TsqException(unavailableMessage(System.getProperty("os.name"), System.getProperty("os.arch")));
        }
        return new LinuxClockAdjuster(clock, false);
    }

    /**
     * What {@link #create()} says where the adjuster cannot run: tsq-clock-linux is Linux-only (x86-64 and
     * aarch64, through JNA and libc), and elsewhere the one-shot sync still runs with {@code --dry-run} or the
     * daemon in {@code monitor} or {@code virtual} mode.
     *
     * @param osName the {@code os.name} property
     * @param osArch the {@code os.arch} property
     * @return the message
     */
    static String unavailableMessage(@Nullable String osName, @Nullable String osArch) {
        boolean linux = osName != null && osName.toLowerCase(java.util.Locale.ROOT).startsWith("linux");
        return "tsq-clock-linux is Linux-only: the clock adjuster is not available on " + osName + " " + osArch
                + (linux ? " (this Linux has no loadable libc for JNA, or an unsupported architecture)" : "")
                + "; it needs Linux on x86-64 or aarch64. Without it, measure without steering: tsq sync --dry-run,"
                + " or the daemon's clock mode \"monitor\" or \"virtual\" (TsqClock in-process)";
    }

    private synchronized @Nullable NativeClock probe() {
        if (!probed) {
            probed = true;
            if (NativeClock.isSupportedPlatform(System.getProperty("os.name"), System.getProperty("os.arch"))) {
                try {
                    nativeClock = NativeClock.load();
                } catch (LinkageError | RuntimeException e) {
                    nativeClock = null;
                }
            }
        }
        return nativeClock;
    }
}
