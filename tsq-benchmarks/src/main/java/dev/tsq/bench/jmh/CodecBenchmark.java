package dev.tsq.bench.jmh;

import dev.tsq.auth.Keys;
import dev.tsq.auth.Signer;
import dev.tsq.time.NtpTimestamp;
import dev.tsq.wire.MessageCodec;
import dev.tsq.wire.Nonce;
import dev.tsq.wire.Response;
import dev.tsq.wire.TimeRequest;
import dev.tsq.wire.TimeResponse;
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

/**
 * Encode and decode of requests and responses, with and without a signature. Encoding writes into a
 * caller buffer ({@code encode*}); {@code validate*} is the allocation-free decode used on the server's
 * hot path; {@code decode*} builds the immutable values (one record per TLV, by design).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CodecBenchmark {
    private final byte[] out = new byte[2048];
    private TimeRequest request;
    private TimeRequest precisionRequest;
    private TimeResponse response;
    private TimeResponse signedResponse;
    private byte[] requestBytes;
    private byte[] precisionRequestBytes;
    private byte[] responseBytes;
    private byte[] signedResponseBytes;

    @Setup
    public void setup() {
        Nonce nonce = new Nonce(0x0102030405060708L, 0x090a0b0c0d0e0f10L);
        request = TimeRequest.of(nonce);
        precisionRequest = TimeRequest.builder(nonce).precisionMode(true).signatureRequest(true).paddingBytes(200).build();
        long t = NtpTimestamp.fromEpochNanos(1_764_000_000_123_456_789L);
        response = TimeResponse.of(nonce, t, t + 1000);
        requestBytes = MessageCodec.encode(request);
        precisionRequestBytes = MessageCodec.encode(precisionRequest);
        responseBytes = MessageCodec.encode(response);
        Signer signer = Signer.ed25519(1, Keys.generateEd25519().getPrivate());
        byte[] signed = new byte[256];
        int n = MessageCodec.encode(response, signed, 0);
        n = signer.appendSignature(signed, 0, n);
        signedResponseBytes = java.util.Arrays.copyOf(signed, n);
        signedResponse = (TimeResponse) MessageCodec.decodeResponse(signedResponseBytes);
    }

    @Benchmark
    public int encodeRequest() {
        return MessageCodec.encode(request, out, 0);
    }

    @Benchmark
    public int encodePrecisionRequest() {
        return MessageCodec.encode(precisionRequest, out, 0);
    }

    @Benchmark
    public int encodeResponse() {
        return MessageCodec.encode(response, out, 0);
    }

    @Benchmark
    public int encodeSignedResponse() {
        return MessageCodec.encode(signedResponse, out, 0);
    }

    @Benchmark
    public int validateRequest() {
        MessageCodec.validate(requestBytes, 0, requestBytes.length, false);
        return requestBytes.length;
    }

    /** A request with Precision Mode, Signature Request and 200 bytes of padding. */
    @Benchmark
    public int validatePrecisionRequest() {
        MessageCodec.validate(precisionRequestBytes, 0, precisionRequestBytes.length, false);
        return precisionRequestBytes.length;
    }

    @Benchmark
    public int validateResponse() {
        MessageCodec.validate(responseBytes, 0, responseBytes.length, true);
        return responseBytes.length;
    }

    @Benchmark
    public int validateSignedResponse() {
        MessageCodec.validate(signedResponseBytes, 0, signedResponseBytes.length, true);
        return signedResponseBytes.length;
    }

    @Benchmark
    public TimeRequest decodeRequest() {
        return MessageCodec.decodeRequest(requestBytes, 0, requestBytes.length);
    }

    @Benchmark
    public TimeRequest decodePrecisionRequest() {
        return MessageCodec.decodeRequest(precisionRequestBytes, 0, precisionRequestBytes.length);
    }

    /** NTP 64-bit timestamp to and from epoch nanoseconds (what every T2/T3 goes through). */
    @Benchmark
    public long ntpTimestampRoundTrip() {
        return NtpTimestamp.epochNanosOf(NtpTimestamp.fromEpochNanos(1_764_000_000_123_456_789L + out[0]));
    }

    @Benchmark
    public Response decodeResponse() {
        return MessageCodec.decodeResponse(responseBytes, 0, responseBytes.length);
    }

    @Benchmark
    public Response decodeSignedResponse() {
        return MessageCodec.decodeResponse(signedResponseBytes, 0, signedResponseBytes.length);
    }
}
