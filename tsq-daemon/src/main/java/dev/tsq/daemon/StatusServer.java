package dev.tsq.daemon;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status socket: a Unix domain stream socket; every connection gets the status as one line of JSON
 * ({@link StatusJson}) and is closed. {@code virtual_minus_system_ns} is read at the moment of the request.
 */
final class StatusServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
    private final Path path;
    private final ServerSocketChannel channel;
    private final Thread thread;

    private StatusServer(Path path, ServerSocketChannel channel, Daemon daemon) {
        this.path = path;
        this.channel = channel;
        this.thread = new Thread(() -> serve(daemon), "tsq-status");
        this.thread.setDaemon(true);
    }

    static StatusServer start(Path path, Daemon daemon) throws IOException {
        if (Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path)) {
            Files.delete(path); // a stale socket of an earlier run
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            ch.close();
            throw new IOException("status socket " + path + ": " + e.getMessage(), e);
        }
        StatusServer s = new StatusServer(path, ch, daemon);
        s.thread.start();
        return s;
    }

    Path path() {
        return path;
    }

    private void serve(Daemon daemon) {
        while (channel.isOpen()) {
            try (SocketChannel c = channel.accept()) {
                String json = StatusJson.toJson(daemon.status(), daemon.correctionNanos()) + "\n";
                ByteBuffer b = ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    c.write(b);
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.debug("status connection: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the status socket: {}", e.toString());
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("removing {}: {}", path, e.toString());
        }
    }
}
