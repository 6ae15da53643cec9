package dev.tsq.daemon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** {@code GET /metrics} in the Prometheus text format ({@link Metrics}), on the JDK's HTTP server, one thread. */
final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static MetricsServer start(InetSocketAddress listen, Daemon daemon) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(listen, 8);
        } catch (IOException e) {
            throw new IOException("metrics-listen " + listen + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", ex -> {
            try (ex) {
                if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                    respond(ex, 405, "method not allowed\n");
                    return;
                }
                respond(ex, 200, Metrics.render(daemon.status(), daemon.correctionNanos()));
            }
        });
        server.createContext("/", ex -> {
            try (ex) {
                respond(ex, 404, "not found (expected: /metrics)\n");
            }
        });
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tsq-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new MetricsServer(server, executor);
    }

    private static void respond(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", code == 200 ? "text/plain; version=0.0.4; charset=utf-8"
                : "text/plain; charset=utf-8");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
