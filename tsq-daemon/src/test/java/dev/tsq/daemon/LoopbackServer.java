package dev.tsq.daemon;

import dev.tsq.server.TsqServer;
import dev.tsq.time.WallClock;
import java.util.concurrent.atomic.AtomicLong;

/** A loopback TSQ server whose clock is the system clock plus an offset the test can change. */
final class LoopbackServer implements AutoCloseable {
    final AtomicLong offset = new AtomicLong();
    private final int port;
    private TsqServer server;

    LoopbackServer(int port) {
        this.server = newServer(port);
        this.port = server.port();
    }

    LoopbackServer() {
        this(0);
    }

    private TsqServer newServer(int p) {
        return TsqServer.builder().bindAddress("127.0.0.1").port(p).selfSigned()
                .clock(() -> WallClock.SYSTEM.epochNanos() + offset.get()).noRateLimit().build().start();
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    void kill() {
        server.close();
    }

    /** Starts again on the same port. */
    void restart() {
        server = newServer(port);
    }

    @Override
    public void close() {
        server.close();
    }
}
