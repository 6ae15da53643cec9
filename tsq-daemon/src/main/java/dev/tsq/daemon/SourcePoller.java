package dev.tsq.daemon;

import java.util.concurrent.CompletableFuture;

/** Polls one source; the future completes (on any thread, never exceptionally) with the poll's result. */
interface SourcePoller extends AutoCloseable {
    CompletableFuture<PollResult> poll();

    @Override
    void close();
}
