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

    public Class<? extends DatagramChannel> datagramChannel() {
        return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }
}
