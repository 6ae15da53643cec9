package consumer;

import dev.tsq.TsqException;
import dev.tsq.client.TsqClient;
import dev.tsq.client.TsqSample;
import dev.tsq.server.TsqServer;
import java.nio.file.Path;

/**
 * What a new user writes: query a TSQ server (here one of its own on loopback). Modes:
 * {@code no-natives CERT KEY} expects build() to fail naming the natives to add;
 * {@code query CERT KEY} expects BouncyCastle-free PEM loading and one answered query. Exit 0 when as expected.
 */
public final class Consumer {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path cert = Path.of(args[1]);
        Path key = Path.of(args[2]);
        if (mode.equals("no-natives")) {
            try (TsqClient client = TsqClient.builder().server("127.0.0.1:4443").trustPem(cert).build()) {
                System.out.println("FAIL: build() succeeded without QUIC natives");
                System.exit(1);
            } catch (TsqException e) {
                System.out.println("natives missing: " + e.getMessage());
                return;
            }
        }
        try {
            TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned().build().close();
            System.out.println("FAIL: a self-signed certificate was generated without BouncyCastle");
            System.exit(1);
        } catch (RuntimeException e) {
            System.out.println("self-signed without BouncyCastle: " + e.getMessage());
        }
        try (TsqServer server = TsqServer.builder().bindAddress("127.0.0.1").port(0).certificate(cert, key).build()
                .start();
             TsqClient client = TsqClient.builder().server("127.0.0.1:" + server.port()).trustPem(cert).build()) {
            TsqSample s = client.query();
            System.out.printf("answered: offset %+.3f ms, rtt %.3f ms over %s%n", s.offsetMillis(), s.delayMillis(),
                    s.mode());
        }
    }
}
