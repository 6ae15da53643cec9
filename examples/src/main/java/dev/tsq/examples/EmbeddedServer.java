package dev.tsq.examples;

import dev.tsq.server.TsqServer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A service that embeds a {@link TsqServer}: it serves the time on a UDP port next to whatever else the service
 * does, and stops it when the service stops.
 *
 * <pre>
 * java dev.tsq.examples.EmbeddedServer 0.0.0.0 443 chain.pem key.pem   # serve a network with a real certificate
 * java dev.tsq.examples.EmbeddedServer 127.0.0.1 4433                  # loopback only, self-signed (development)
 * </pre>
 */
public final class EmbeddedServer {
    private EmbeddedServer() {
    }

    /**
     * Runs the example until the JVM is stopped.
     *
     * @param args bind address, port, and optionally the certificate chain and private key PEM files
     * @throws InterruptedException when interrupted while serving
     */
    public static void main(String... args) throws InterruptedException {
        if (args.length != 2 && args.length != 4) {
            System.err.println("usage: EmbeddedServer BIND_ADDRESS PORT [CHAIN_PEM KEY_PEM]");
            System.exit(2);
        }
        Path chain = args.length == 4 ? Path.of(args[2]) : null;
        Path key = args.length == 4 ? Path.of(args[3]) : null;
        TsqServer server = start(args[0], Integer.parseInt(args[1]), chain, key);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close(); // closes every connection and releases the port
            stopped.countDown();
        }, "tsq-shutdown"));
        System.out.println("serving TSQ on " + server.localAddress());
        stopped.await();
    }

    /**
     * Starts a server; the caller closes it.
     *
     * @param bindAddress where to listen: the builder binds loopback unless told otherwise, so a server for a
     *                    network names {@code 0.0.0.0} or {@code ::}
     * @param port        the UDP port (0 for an ephemeral one)
     * @param chainPem    the certificate chain (PEM, server certificate first), or null for a self-signed one
     * @param keyPem      its private key (PEM), or null
     * @return the running server
     */
    public static TsqServer start(String bindAddress, int port, Path chainPem, Path keyPem) {
        // region readme-server
        TsqServer.Builder builder = TsqServer.builder()
                .bindAddress(bindAddress)           // default: loopback only; "0.0.0.0" or "::" serves a network
                .port(port);                        // default: 443
        if (chainPem != null) {
            builder.certificate(chainPem, keyPem);  // PEM: chain (server certificate first) and private key
        } else {
            builder.selfSigned();                   // development only: clients must trust or pin it
        }
        TsqServer server = builder.build().start(); // returns once bound; serves streams and datagrams
        // endregion readme-server
        return server;
    }
}
