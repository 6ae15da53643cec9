package dev.tsq.bench.jmh;

import dev.tsq.auth.Keys;
import dev.tsq.auth.Signer;
import dev.tsq.auth.Verifier;
import dev.tsq.exchange.ClientExchange;
import dev.tsq.exchange.PendingRequest;
import dev.tsq.exchange.Reply;
import dev.tsq.exchange.ServerExchange;
import dev.tsq.exchange.TransportMode;
import dev.tsq.time.WallClock;
import java.security.KeyPair;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The server's response building and the client's validation, as the transports call them. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ExchangeBenchmark {
    private static final long T1 = 1_764_000_000_000_000_000L;
    private final byte[] out = new byte[ServerExchange.MAX_MESSAGE_BYTES];
    private ServerExchange server;
    private ServerExchange hmacServer;
    private ServerExchange edServer;
    private byte[] request;
    private byte[] signedRequest;
    private ClientExchange client;
    private ClientExchange hmacClient;
    private ClientExchange edClient;
    private PendingRequest edPending;
    private byte[] edResponse;
    private int edResponseLength;
    private PendingRequest pending;
    private PendingRequest hmacPending;
    private byte[] response;
    private int responseLength;
    private byte[] hmacResponse;
    private int hmacResponseLength;

    @Setup
    public void setup() {
        byte[] secret = new byte[32];
        KeyPair ed = Keys.generateEd25519();
        WallClock clock = WallClock.fixed(T1 + 500_000);
        server = ServerExchange.builder().clock(clock).build();
        hmacServer = ServerExchange.builder().clock(clock).signer(Signer.hmacSha256(1, secret)).build();
        edServer = ServerExchange.builder().clock(clock).signer(Signer.ed25519(1, ed.getPrivate())).build();
        client = ClientExchange.builder().build();
        hmacClient = ClientExchange.builder().requestSignature(true).verifier(Verifier.builder().hmacSha256(1, secret).build()).build();
        edClient = ClientExchange.builder().requestSignature(true).verifier(Verifier.builder().ed25519(1, ed.getPublic()).build()).build();
        edPending = edClient.newRequest();
        edResponse = new byte[ServerExchange.MAX_MESSAGE_BYTES];
        byte[] edRequest = edPending.bytes();
        edResponseLength = edServer.respond(edRequest, 0, edRequest.length, T1 + 400_000, TransportMode.DATAGRAM, edResponse, 0);
        pending = client.newRequest();
        hmacPending = hmacClient.newRequest();
        request = pending.bytes();
        signedRequest = hmacPending.bytes();
        response = new byte[ServerExchange.MAX_MESSAGE_BYTES];
        responseLength = server.respond(request, 0, request.length, T1 + 400_000, TransportMode.DATAGRAM, response, 0);
        hmacResponse = new byte[ServerExchange.MAX_MESSAGE_BYTES];
        hmacResponseLength = hmacServer.respond(signedRequest, 0, signedRequest.length, T1 + 400_000, TransportMode.DATAGRAM, hmacResponse, 0);
    }

    @Benchmark
    public int serverRespond() {
        return server.respond(request, 0, request.length, T1 + 400_000, TransportMode.DATAGRAM, out, 0);
    }

    @Benchmark
    public int serverRespondHmac() {
        return hmacServer.respond(signedRequest, 0, signedRequest.length, T1 + 400_000, TransportMode.DATAGRAM, out, 0);
    }

    @Benchmark
    public int serverRespondEd25519() {
        return edServer.respond(signedRequest, 0, signedRequest.length, T1 + 400_000, TransportMode.DATAGRAM, out, 0);
    }

    @Benchmark
    public Reply clientComplete() {
        return client.complete(pending, response, 0, responseLength, T1, T1 + 1_000_000);
    }

    @Benchmark
    public Reply clientCompleteHmac() {
        return hmacClient.complete(hmacPending, hmacResponse, 0, hmacResponseLength, T1, T1 + 1_000_000);
    }

    /** Validation including an Ed25519 signature check. */
    @Benchmark
    public Reply clientCompleteEd25519() {
        return edClient.complete(edPending, edResponse, 0, edResponseLength, T1, T1 + 1_000_000);
    }

    @Benchmark
    public PendingRequest clientNewRequest() {
        return client.newRequest();
    }
}
