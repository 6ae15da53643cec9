package dev.tsq.server.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** Picks epoll when its native library loads, NIO otherwise. */
public enum Transport {
    EPOLL, NIO;

    /** The best transport on this machine. */
    public static Transport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /**
     * A new event loop group of {@code threads} daemon threads named {@code name-N-M}; each thread is added to
     * {@code created} so that a closer can join it (the group's termination future completes just before its
     * threads exit).
     */
    public EventLoopGroup newGroup(int threads, String name, List<Thread> created) {
        IoHandlerFactory factory = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        ThreadFactory base = new DefaultThreadFactory(name, true);
        ThreadFactory recording = r -> {
            Thread t = base.newThread(r);
            created.add(t);
            return t;
        };
        return new MultiThreadIoEventLoopGroup(threads, recording, factory);
    }

    /** Shuts a group down and waits until its threads have exited (at most about 4 s). */
    public static void shutdown(EventLoopGroup group, List<Thread> threads) {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** True when several sockets can share a port (epoll's SO_REUSEPORT). */
    public boolean supportsReusePort() {
        return this == EPOLL;
    }

    /** Lets the bootstrap's socket share its port with others that do the same (epoll only). */
    public void reusePort(io.netty.bootstrap.Bootstrap bootstrap) {
        if (this != EPOLL) {
            throw new IllegalStateException("SO_REUSEPORT needs epoll");
        }
        bootstrap.option(io.netty.channel.epoll.EpollChannelOption.SO_REUSEPORT, true);
    }

    /** Largest UDP payload one batched read slot takes: above any QUIC packet a client sends (quiche: 1350). */
    static final int BATCH_SLOT_BYTES = 2048;
    /** Datagrams one batched read ({@code recvmmsg}) takes at most. */
    static final int BATCH_DATAGRAMS = 16;

    /**
     * Reads up to {@link #BATCH_DATAGRAMS} datagrams per system call where the transport can (epoll's
     * {@code recvmmsg}: Netty uses it when {@code MAX_DATAGRAM_PAYLOAD_SIZE} is set and the read buffer holds
     * several such slots); a no-op on NIO. A datagram longer than a slot would be truncated, which QUIC
     * drops as undecryptable: no client sends one (quiche's send size is 1350 bytes, Initials are 1200).
     * GRO ({@code UDP_GRO}) is left off: it coalesces packets of one flow, and each QUIC packet must still be
     * decrypted on its own, so it saves only the per-packet syscall that {@code recvmmsg} already saves.
     */
    public void batchReads(io.netty.bootstrap.Bootstrap bootstrap) {
        if (this == EPOLL) {
            bootstrap.option(io.netty.channel.epoll.EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, BATCH_SLOT_BYTES)
                    .option(io.netty.channel.ChannelOption.RCVBUF_ALLOCATOR,
                            new io.netty.channel.FixedRecvByteBufAllocator(BATCH_SLOT_BYTES * BATCH_DATAGRAMS));
        }
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }
}
