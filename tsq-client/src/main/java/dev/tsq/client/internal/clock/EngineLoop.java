package dev.tsq.client.internal.clock;

import dev.tsq.client.DatagramsUnsupportedException;
import dev.tsq.client.HandshakeException;
import dev.tsq.client.QueryTimeoutException;
import dev.tsq.client.TsqClient;
import dev.tsq.client.TsqSample;
import dev.tsq.client.UnreachableException;
import dev.tsq.clock.VirtualClock;
import dev.tsq.engine.ClockAction;
import dev.tsq.engine.EngineStatus;
import dev.tsq.engine.FailureKind;
import dev.tsq.engine.SourceSample;
import dev.tsq.engine.SyncEngine;
import dev.tsq.exchange.AnomalousSampleException;
import dev.tsq.exchange.ResponseRejectedException;
import dev.tsq.exchange.ServerErrorException;
import dev.tsq.time.WallClock;
import dev.tsq.wire.ErrorTlv;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TsqClock's driver: one thread runs the engine over a {@link TsqClient} and steers a {@link VirtualClock}; it
 * publishes the engine's status after every turn (at least every 250 ms).
 */
public final class EngineLoop {
    private static final Logger LOG = LoggerFactory.getLogger(EngineLoop.class);
    private static final long MAX_WAIT = TimeUnit.MILLISECONDS.toNanos(250);

    /** What readers see: the engine's status at {@code mono}. */
    public record Published(EngineStatus status, long mono) {}

    /** {@code clock}: the disciplined reading taken with {@code mono}, so that {@code mono} can be carried back to T4. */
    private record Event(int source, TsqSample sample, Throwable failure, long mono, long clock) {}

    private final SyncEngine engine;
    private final TsqClient client;
    private final List<String> servers;
    private final VirtualClock clock;
    private final Consumer<Published> publish;
    private final Consumer<Long> onStep;
    private final boolean[] inFlight;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopping;

    public EngineLoop(SyncEngine engine, TsqClient client, List<String> servers, VirtualClock clock,
                      Consumer<Published> publish, Consumer<Long> onStep) {
        this.engine = engine;
        this.client = client;
        this.servers = List.copyOf(servers);
        this.clock = clock;
        this.publish = publish;
        this.onStep = onStep;
        this.inFlight = new boolean[servers.size()];
        this.thread = new Thread(this::run, "tsq-clock");
        this.thread.setDaemon(true);
    }

    /** The raw disciplined reading: what T1/T4 are stamped with. */
    public static WallClock wallClock(VirtualClock clock) {
        return () -> clock.read(WallClock.SYSTEM.epochNanos(), System.nanoTime());
    }

    public void start() {
        publish.accept(new Published(engine.status(System.nanoTime()), System.nanoTime()));
        thread.start();
    }

    private void run() {
        try {
            while (!stopping) {
                long mono = System.nanoTime();
                for (int i = 0; i < servers.size(); i++) {
                    if (!inFlight[i] && mono - engine.nextPollMono(i) >= 0) {
                        int src = i;
                        inFlight[i] = true;
                        engine.onPollSent(i, mono);
                        try {
                            // The (mono, clock) pair is read here, on completion: a step applied later must not be
                            // credited to it; SourceSample.received carries it back to T4 (a kernel stamp may be
                            // well before completion on a loaded machine).
                            client.queryAsync(servers.get(i)).whenComplete((s, t) -> {
                                long m = System.nanoTime();
                                events.add(new Event(src, s, t, m, clock.read(WallClock.SYSTEM.epochNanos(), m)));
                            });
                        } catch (RuntimeException e) {
                            events.add(new Event(src, null, e, System.nanoTime(), 0));
                        }
                    }
                }
                if (mono - engine.nextTimerMono() >= 0) {
                    execute(engine.onTimer(mono, clock.read(WallClock.SYSTEM.epochNanos(), System.nanoTime())));
                }
                Event e;
                while ((e = events.poll()) != null) {
                    handle(e);
                }
                mono = System.nanoTime();
                publish.accept(new Published(engine.status(mono), mono));
                long next = mono + MAX_WAIT;
                if (engine.nextTimerMono() - next < 0) {
                    next = engine.nextTimerMono();
                }
                for (int i = 0; i < servers.size(); i++) {
                    if (!inFlight[i] && engine.nextPollMono(i) - next < 0) {
                        next = engine.nextPollMono(i);
                    }
                }
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    e = events.poll(wait, TimeUnit.NANOSECONDS);
                    if (e != null) {
                        handle(e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("TsqClock engine loop failed; the clock is in holdover from now on", e);
        } finally {
            stopped.countDown();
        }
    }

    private void handle(Event e) {
        if (e.source < 0) {
            return;
        }
        inFlight[e.source] = false;
        if (e.sample != null) {
            TsqSample s = e.sample;
            long serverError = s.clockQuality() != null
                    ? Math.max(0, (long) s.clockQuality().estimatedErrorMicros()) * 1000 : 0;
            execute(engine.onSample(e.source, SourceSample.received(s.sample(), serverError, e.mono, e.clock)));
        } else {
            Throwable t = e.failure;
            while (t instanceof CompletionException && t.getCause() != null) {
                t = t.getCause();
            }
            execute(engine.onFailure(e.source, kind(t), String.valueOf(t.getMessage()), e.mono));
        }
    }

    /** The engine's failure kind of a client exception. */
    public static FailureKind kind(Throwable t) {
        if (t instanceof QueryTimeoutException) {
            return FailureKind.TIMEOUT;
        }
        if (t instanceof ServerErrorException se) {
            return se.code() == ErrorTlv.RATE_LIMITED ? FailureKind.RATE_LIMITED : FailureKind.SERVER_ERROR;
        }
        if (t instanceof ResponseRejectedException || t instanceof AnomalousSampleException) {
            return FailureKind.REJECTED;
        }
        if (t instanceof UnreachableException || t instanceof HandshakeException
                || t instanceof DatagramsUnsupportedException) {
            return FailureKind.UNREACHABLE;
        }
        return FailureKind.UNREACHABLE;
    }

    private void execute(List<ClockAction> actions) {
        for (ClockAction a : actions) {
            long mono = System.nanoTime();
            if (a instanceof ClockAction.SetFrequency f) {
                clock.setFrequency(f.ppm(), mono);
            } else if (a instanceof ClockAction.Step s) {
                clock.step(s.nanos(), mono);
                onStep.accept(s.nanos());
            } else if (a instanceof ClockAction.Panic p) {
                LOG.error("TsqClock: offset {} ns beyond the panic limits ({}); not steering", p.offsetNanos(),
                        p.reason());
            }
        }
    }

    /** Stops the loop and waits for it (at most 5 s). */
    public void stop() {
        stopping = true;
        events.add(new Event(-1, null, null, 0, 0));
        try {
            stopped.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
