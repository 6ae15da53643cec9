package dev.tsq.clock.linux;

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
            throw new IllegalStateException("the Linux clock adjuster is not available here (os.name="
                + System.getProperty("os.name") + ", os.arch=" + System.getProperty("os.arch")
                + "); it needs Linux on x86-64 or aarch64 with a loadable libc");
        }
        return new LinuxClockAdjuster(clock, false);
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
