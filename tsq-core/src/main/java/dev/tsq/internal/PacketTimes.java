package dev.tsq.internal;

import dev.tsq.time.WallClock;
import org.jspecify.annotations.Nullable;

/**
 * The packet-level timestamps of one UDP socket's event loop, shared by TSQ's client (T1, T4) and server (T2, the
 * flush that T3's lead is learnt from): the first handler on the socket's pipeline calls {@link #packetRead} for
 * every datagram read and {@link #flushing} for every flush of sealed packets; the protocol handlers, running
 * synchronously inside those calls, ask for {@link #receiveNanos} and {@link #firstFlushNanos}.
 *
 * <p>The receive time is the kernel's stamp of the datagram where {@link ReceiveTimestamps} has an implementation
 * (opened on the socket's first packet, see {@link #socketPending}), carried to this clock by the packet's age;
 * otherwise the clock's reading when the packet reached the pipeline. Confined to the event loop.
 */
public final class PacketTimes {
    private final WallClock clock;
    private final boolean systemClock;
    private final @Nullable ReceiveTimestamps kernel;
    private ReceiveTimestamps.@Nullable Reader reader;
    private boolean opened;
    private long readNanos;
    private long readSystemNanos;
    private boolean flushed;
    private long flushNanos;

    /**
     * @param clock            the clock T1..T4 are read from
     * @param kernelTimestamps whether to use the kernel's receive stamps where the platform gives them
     */
    public PacketTimes(WallClock clock, boolean kernelTimestamps) {
        this.clock = clock;
        this.systemClock = clock == WallClock.SYSTEM;
        this.kernel = kernelTimestamps ? ReceiveTimestamps.discover() : null;
    }

    /** A datagram reached the pipeline: reads the clock (and the system clock, when this clock is another one). */
    public void packetRead() {
        readNanos = clock.epochNanos();
        if (!systemClock) {
            readSystemNanos = WallClock.SYSTEM.epochNanos();
        }
    }

    /** Whether {@link #socket} is still to be called (once, on the first packet, when its descriptor is known). */
    public boolean socketPending() {
        return !opened;
    }

    /**
     * The socket's file descriptor, or -1 when the transport has none (then the pipeline's stamps are used).
     *
     * @param fd the descriptor
     */
    public void socket(int fd) {
        opened = true;
        if (kernel != null && fd >= 0) {
            reader = kernel.open(fd);
        }
    }

    /**
     * The receive time of the datagram being processed; call only within its {@code channelRead}, before the next
     * datagram is read (the QUIC codec delivers payloads synchronously there).
     *
     * @return epoch nanoseconds on this clock
     */
    public long receiveNanos() {
        ReceiveTimestamps.Reader r = reader;
        if (r == null) {
            return readNanos;
        }
        return ReceiveTimestamps.onClock(r.lastReceiveEpochNanos(), readNanos, systemClock ? readNanos : readSystemNanos);
    }

    /** The clock when the datagram being processed reached the pipeline (an era pivot, a cheap "now"). */
    public long readNanos() {
        return readNanos;
    }

    /** Starts watching for a flush: {@link #flushedSinceWrite()} becomes false. */
    public void beginWrite() {
        flushed = false;
    }

    /** Sealed packets are being flushed to the socket: the first flush since {@link #beginWrite} reads the clock. */
    public void flushing() {
        if (!flushed) {
            flushed = true;
            flushNanos = clock.epochNanos();
        }
    }

    /** Whether a flush happened since {@link #beginWrite}. */
    public boolean flushedSinceWrite() {
        return flushed;
    }

    /** The clock at the first flush since {@link #beginWrite} (valid when {@link #flushedSinceWrite()}). */
    public long firstFlushNanos() {
        return flushNanos;
    }
}
