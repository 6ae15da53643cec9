package dev.tsq.daemon;

import dev.tsq.auth.Keys;
import dev.tsq.auth.Verifier;
import dev.tsq.client.DatagramsUnsupportedException;
import dev.tsq.client.HandshakeException;
import dev.tsq.client.QueryMode;
import dev.tsq.client.QueryTimeoutException;
import dev.tsq.client.TsqClient;
import dev.tsq.client.TsqSample;
import dev.tsq.client.UnreachableException;
import dev.tsq.engine.FailureKind;
import dev.tsq.engine.SourceSample;
import dev.tsq.exchange.AnomalousSampleException;
import dev.tsq.exchange.ResponseRejectedException;
import dev.tsq.exchange.ServerErrorException;
import dev.tsq.time.WallClock;
import dev.tsq.wire.ErrorTlv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A TSQ source: one {@link TsqClient} (its trust, mode and keys are the source's own), T1/T4 from the disciplined clock. */
final class TsqPoller implements SourcePoller {
    private final String address;
    private final TsqClient client;
    private final WallClock clock;

    TsqPoller(DaemonConfig.Source source, WallClock clock) throws IOException {
        this.address = source.address();
        this.clock = clock;
        TsqClient.Builder b = TsqClient.builder().server(source.address())
                .mode(QueryMode.valueOf(source.mode().toUpperCase(Locale.ROOT)))
                .timeout(source.timeout())
                .connectTimeout(source.timeout().multipliedBy(2))
                .datagramRetry(2, source.timeout().dividedBy(2))
                .clock(clock);
        String trust = source.trust();
        if (trust.startsWith("ca:")) {
            b.trustPem(Path.of(trust.substring(3)));
        } else if (trust.startsWith("pin:")) {
            b.pinSha256(trust.substring(4));
        } else if (trust.equals("insecure")) {
            b.insecure();
        } else {
            b.trustSystemCas();
        }
        if (source.alpn() != null) {
            b.alpn(source.alpn());
        }
        if (source.trustedKey() != null) {
            String k = source.trustedKey();
            Verifier.Builder v = Verifier.builder();
            if (k.startsWith("ed25519:")) {
                v.ed25519(source.keyId(), Keys.ed25519PublicFromPem(Files.readString(Path.of(k.substring(8)))));
            } else {
                v.hmacSha256(source.keyId(), Keys.hmacSecretFromFile(Files.readAllBytes(Path.of(k.substring(5)))));
            }
            Verifier verifier = v.build();
            if (source.signed()) {
                b.requestSignature(verifier);
            } else {
                b.verifier(verifier);
            }
        }
        this.client = b.build();
    }

    @Override
    public CompletableFuture<PollResult> poll() {
        CompletableFuture<TsqSample> f;
        try {
            f = client.queryAsync(address);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(failure(e));
        }
        return f.handle((s, e) -> {
            if (s != null) {
                long mono = System.nanoTime();
                long clockNow = clock.epochNanos();
                long serverError = s.clockQuality() != null
                        ? Math.max(0, (long) s.clockQuality().estimatedErrorMicros()) * 1000 : 0;
                // T4 may be the kernel's receive stamp, well before now on a loaded machine: mono at T4.
                return new PollResult.Ok(SourceSample.received(s.sample(), serverError, mono, clockNow),
                        s.mode().name().toLowerCase(Locale.ROOT), s.alpn());
            }
            return failure(e);
        });
    }

    /** The engine's failure kind of a client exception. */
    static PollResult.Failed failure(Throwable e) {
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        FailureKind kind;
        if (e instanceof QueryTimeoutException) {
            kind = FailureKind.TIMEOUT;
        } else if (e instanceof UnreachableException || e instanceof HandshakeException
                || e instanceof DatagramsUnsupportedException) {
            kind = FailureKind.UNREACHABLE;
        } else if (e instanceof ServerErrorException se) {
            kind = se.code() == ErrorTlv.RATE_LIMITED ? FailureKind.RATE_LIMITED : FailureKind.SERVER_ERROR;
        } else if (e instanceof ResponseRejectedException || e instanceof AnomalousSampleException) {
            kind = FailureKind.REJECTED;
        } else {
            kind = FailureKind.UNREACHABLE;
        }
        return new PollResult.Failed(kind, detail);
    }

    @Override
    public void close() {
        client.close();
    }
}
