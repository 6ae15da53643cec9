package dev.tsq.daemon;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The daemon's configuration, as read from its TOML file by {@link ConfigParser}. Every value has been checked.
 *
 * @param file the file it was read from (for messages), or null
 */
public record DaemonConfig(Path file, List<Source> sources, Synchronization synchronization, ClockSettings clock,
                           Observability observability) {
    public DaemonConfig {
        sources = List.copyOf(sources);
    }

    /** {@code protocol} of a source. */
    public enum Protocol { TSQ, NTP }

    /** {@code [clock] mode}. */
    public enum ClockMode { SYSTEM, MONITOR, VIRTUAL }

    /**
     * One {@code [[source]]}.
     *
     * @param address {@code host:port} (TSQ: port 443 by default; NTP: 123)
     * @param trust {@code system}, {@code ca:PATH}, {@code pin:sha256:HEX} or {@code insecure} (TSQ only)
     * @param mode {@code datagram}, {@code stream} or {@code auto} (TSQ only)
     * @param signed unsigned responses count as failures (needs {@code trustedKey})
     * @param trustedKey {@code ed25519:PEMFILE} or {@code hmac:KEYFILE}, or null
     * @param keyId the trusted key's id
     * @param alpn the one ALPN to offer, or null for both
     * @param timeout per-query deadline
     */
    public record Source(String address, Protocol protocol, String trust, String mode, boolean signed,
                         String trustedKey, int keyId, String alpn, Duration timeout) {}

    /** {@code [synchronization]}. */
    public record Synchronization(int minimumAgreeingSources, int minPoll, int maxPoll, Duration startupStepThreshold,
                                  int startupStepUpdates, Duration panicThreshold, Duration startupBackwardLimit,
                                  double maxFrequencyPpm, boolean initialBurst, Duration startupWait) {}

    /** {@code [clock]}. */
    public record ClockSettings(ClockMode mode, double virtualOffsetMs, double virtualFrequencyPpm, Path driftFile) {}

    /**
     * {@code [observability]}.
     *
     * @param statusSocket the status socket's path, or null when disabled
     * @param metricsListen the metrics HTTP address, or null when disabled
     */
    public record Observability(Path statusSocket, InetSocketAddress metricsListen) {}

    /** This configuration with the virtual clock's injected error replaced (the command line's overrides). */
    public DaemonConfig withVirtualError(Double offsetMs, Double frequencyPpm) {
        ClockSettings c = new ClockSettings(clock.mode(), offsetMs != null ? offsetMs : clock.virtualOffsetMs(),
                frequencyPpm != null ? frequencyPpm : clock.virtualFrequencyPpm(), clock.driftFile());
        return new DaemonConfig(file, sources, synchronization, c, observability);
    }

    /** This configuration with other observability endpoints (tests). */
    public DaemonConfig withObservability(Observability o) {
        return new DaemonConfig(file, sources, synchronization, clock, o);
    }
}
