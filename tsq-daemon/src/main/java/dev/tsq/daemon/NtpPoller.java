package dev.tsq.daemon;

import dev.tsq.client.ServerAddress;
import dev.tsq.engine.FailureKind;
import dev.tsq.engine.SourceSample;
import dev.tsq.ntp.SntpClient;
import dev.tsq.sync.Measurement;
import dev.tsq.sync.RejectedSample;
import dev.tsq.sync.Sample;
import dev.tsq.time.WallClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/** An NTP fallback source: one blocking SNTP exchange per poll, run on the daemon's NTP executor. */
final class NtpPoller implements SourcePoller {
    private final ServerAddress address;
    private final int timeoutMillis;
    private final WallClock clock;
    private final ExecutorService executor;

    NtpPoller(DaemonConfig.Source source, WallClock clock, ExecutorService executor) {
        this.address = ServerAddress.parse(source.address());
        this.timeoutMillis = (int) source.timeout().toMillis();
        this.clock = clock;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<PollResult> poll() {
        CompletableFuture<PollResult> f = new CompletableFuture<>();
        try {
            executor.execute(() -> f.complete(once()));
        } catch (RuntimeException e) { // the executor is shutting down
            f.complete(new PollResult.Failed(FailureKind.UNREACHABLE, "stopping"));
        }
        return f;
    }

    private PollResult once() {
        InetSocketAddress remote;
        try {
            remote = new InetSocketAddress(InetAddress.getByName(address.host()), address.port());
        } catch (UnknownHostException e) {
            return new PollResult.Failed(FailureKind.UNREACHABLE, "cannot resolve " + address.host());
        }
        try (SntpClient c = new SntpClient(remote, timeoutMillis, clock)) {
            Measurement m = c.query();
            long mono = System.nanoTime();
            if (m instanceof RejectedSample r) {
                return new PollResult.Failed(FailureKind.REJECTED, r.anomaly() + ": " + r.detail());
            }
            return new PollResult.Ok(new SourceSample((Sample) m, 0, mono), "udp", null);
        } catch (SocketTimeoutException e) {
            return new PollResult.Failed(FailureKind.TIMEOUT, "no NTP answer within " + timeoutMillis + " ms");
        } catch (PortUnreachableException e) {
            return new PollResult.Failed(FailureKind.UNREACHABLE, "port unreachable");
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            return new PollResult.Failed(msg.startsWith("unusable") ? FailureKind.SERVER_ERROR
                    : FailureKind.UNREACHABLE, msg);
        }
    }

    @Override
    public void close() {
        // the executor is the daemon's
    }
}
