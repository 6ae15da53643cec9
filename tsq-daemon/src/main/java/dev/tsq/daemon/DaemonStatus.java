package dev.tsq.daemon;

import dev.tsq.engine.EngineStatus;
import java.util.List;

/**
 * What the daemon publishes after every loop turn: the engine's status and what only the driver knows.
 *
 * @param engine the engine's status at {@code mono}
 * @param clockMode {@code virtual}, {@code monitor} or {@code system}
 * @param sources per source, in configuration order (same order as {@code engine.sources()})
 * @param ready READY=1 was sent (first synchronisation or the start-up wait passed)
 * @param panic the panic reason when the engine refused to steer, else null
 * @param clockError the last failure to adjust the system clock, or null
 */
public record DaemonStatus(EngineStatus engine, long mono, String clockMode, List<SourceInfo> sources,
                           boolean ready, String panic, String clockError) {
    public DaemonStatus {
        sources = List.copyOf(sources);
    }

    /**
     * The driver's view of one source.
     *
     * @param protocol {@code tsq} or {@code ntp}
     * @param configuredMode {@code datagram}, {@code stream}, {@code auto}, or {@code udp} for NTP
     * @param transport the transport of the last answer, or null
     * @param alpn the last negotiated ALPN, or null
     */
    public record SourceInfo(String address, String protocol, String configuredMode, String transport, String alpn,
                             long polls, long answers, long failures) {}
}
