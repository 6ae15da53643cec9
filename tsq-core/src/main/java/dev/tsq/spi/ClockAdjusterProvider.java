package dev.tsq.spi;

/**
 * Service-provider interface for {@link java.util.ServiceLoader}: a platform module (such as
 * tsq-clock-linux) registers one, and {@link ClockAdjusters#discover()} picks the first available.
 */
public interface ClockAdjusterProvider {
    /**
     * A short name, e.g. {@code "linux"}.
     *
     * @return the name
     */
    String name();

    /**
     * Whether this provider can work on the running platform (OS, architecture, native library).
     *
     * @return true when {@link #create()} can succeed here
     */
    boolean isAvailable();

    /**
     * A new adjuster; only called when {@link #isAvailable()} is true.
     *
     * @return the adjuster
     */
    ClockAdjuster create();
}
