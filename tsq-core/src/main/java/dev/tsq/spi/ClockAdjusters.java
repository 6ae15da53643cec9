package dev.tsq.spi;

import java.util.Optional;
import java.util.ServiceLoader;

/** Finds {@link ClockAdjuster}s. */
public final class ClockAdjusters {
    private ClockAdjusters() {
    }

    /**
     * The first available adjuster registered through {@link ServiceLoader} (for example the Linux one
     * when tsq-clock-linux is on the class or module path), or empty when none fits this platform.
     *
     * @return the adjuster, or empty
     */
    public static Optional<ClockAdjuster> discover() {
        return discover(ClockAdjusters.class.getClassLoader());
    }

    /**
     * As {@link #discover()}, looking in the given class loader.
     *
     * @param loader where to look for {@link ClockAdjusterProvider} services
     * @return the adjuster, or empty
     */
    public static Optional<ClockAdjuster> discover(ClassLoader loader) {
        for (ClockAdjusterProvider provider : ServiceLoader.load(ClockAdjusterProvider.class, loader)) {
            if (provider.isAvailable()) {
                return Optional.of(provider.create());
            }
        }
        return Optional.empty();
    }

    /**
     * An adjuster that changes nothing and records what it would have done; status reads are unsupported.
     *
     * @return a new dry-run adjuster
     */
    public static DryRunClockAdjuster dryRun() {
        return new DryRunClockAdjuster(null);
    }

    /**
     * A dry-run adjuster whose {@link ClockAdjuster#status()} reads {@code statusSource} (read-only).
     *
     * @param statusSource the adjuster whose status it reports; it is never asked to change anything
     * @return a new dry-run adjuster
     */
    public static DryRunClockAdjuster dryRun(ClockAdjuster statusSource) {
        return new DryRunClockAdjuster(statusSource);
    }

    /**
     * A dry-run adjuster whose {@link ClockAdjuster#status()} reads {@code statusSource} (may be null: status reads
     * unsupported) and whose {@link ClockAdjuster#stepAndReport} dates its records with {@code wallClock}.
     */
    public static DryRunClockAdjuster dryRun(ClockAdjuster statusSource, dev.tsq.time.WallClock wallClock) {
        return new DryRunClockAdjuster(statusSource, wallClock);
    }
}
