package dev.tsq.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.server.TsqServer;
import dev.tsq.time.WallClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the application on an ephemeral loopback port next to a loopback TSQ server whose clock the test moves,
 * and reads {@code /actuator/health} over HTTP: UP within the threshold, DOWN beyond it.
 */
class TsqHealthApplicationTest {
    @TempDir
    Path dir;

    @Test
    void healthIsUpWithinTheThresholdAndDownBeyondIt() throws Exception {
        AtomicLong serverOffsetNanos = new AtomicLong();
        WallClock movable = () -> WallClock.SYSTEM.epochNanos() + serverOffsetNanos.get();
        try (TsqServer tsq = TsqServer.builder().port(0).selfSigned().clock(movable).build().start()) {
            Path ca = Files.writeString(dir.resolve("ca.pem"), pem(tsq.certificateChain().get(0)));
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(TsqHealthApplication.class).run(
                    "--server.port=0", "--server.address=127.0.0.1",
                    "--tsq.server=127.0.0.1:" + tsq.port(), "--tsq.trust-pem=" + ca, "--tsq.max-offset=100ms")) {
                int port = ((WebServerApplicationContext) app).getWebServer().getPort();
                URI health = URI.create("http://127.0.0.1:" + port + "/actuator/health");
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

                HttpResponse<String> up = get(http, health);
                assertEquals(200, up.statusCode(), up.body());
                assertTrue(up.body().startsWith("{\"status\":\"UP\""), up.body());
                assertTrue(up.body().contains("\"tsqOffset\":{\"status\":\"UP\""), up.body());

                serverOffsetNanos.set(1_000_000_000L); // the server's clock is now 1 s ahead: beyond 100 ms
                HttpResponse<String> down = get(http, health);
                assertEquals(503, down.statusCode(), down.body());
                assertTrue(down.body().contains("\"tsqOffset\":{\"status\":\"DOWN\""), down.body());
                assertTrue(down.body().contains("\"maxOffsetMillis\":100.0"), down.body());
            }
            assertTrue(tsq.counters().queries() >= 2, "both health checks queried the server: " + tsq.counters());
        }
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String pem(X509Certificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
