package dev.tsq.client;

import dev.tsq.exchange.TransportMode;
import dev.tsq.spi.ClockAdjuster;
import dev.tsq.spi.ClockStatus;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A simulated world for the synchronizer: true time, a client clock with an error that steps and slews change,
 * and servers whose clocks are a fixed amount off true time. Exchanges are computed from the clocks (T1 and T4 read
 * from the client's clock, T2 and T3 from the server's, with the path delays of the simulation), so a correction
 * applied through {@link #adjuster()} changes every later measurement: the re-measured residual is computed by the
 * same physics, never stubbed.
 *
 * <p>A slew is absorbed at {@code slewRatePpm} of elapsed true time, like the kernel's singleshot adjtime (500 ppm);
 * a new slew replaces what is left of the previous one; {@link #INSTANT} absorbs it at once. A step adds at once.
 */
final class SimulatedClockWorld implements SampleSource {
    static final long T0 = 1_764_000_000_000_000_000L;
    /** A slew rate that absorbs any slew at once. */
    static final long INSTANT = -1;

    private final long slewRatePpm;
    private final Map<String, Long> serverAhead = new LinkedHashMap<>();
    private final long outDelay;
    private final long backDelay;
    private final long processing = 5_000;
    private final long gapBetweenQueries;
    private long trueNow = T0;
    /** Client clock minus true time, apart from the slew in progress. */
    private long clientBase;
    private long slewStart;
    private long slewTotal;
    /** Every call the adjuster received, as "slew NANOS" / "step NANOS", in order. */
    final List<String> calls = new ArrayList<>();

    /**
     * @param clientError       initial client clock minus true time
     * @param slewRatePpm       how fast a slew is absorbed (500 for the kernel), or {@link #INSTANT}
     * @param outDelay          client-to-server path delay
     * @param backDelay         server-to-client path delay
     * @param gapBetweenQueries simulated time between one query's end and the next one's start
     */
    SimulatedClockWorld(long clientError, long slewRatePpm, long outDelay, long backDelay, long gapBetweenQueries) {
        this.clientBase = clientError;
        this.slewRatePpm = slewRatePpm;
        this.outDelay = outDelay;
        this.backDelay = backDelay;
        this.gapBetweenQueries = gapBetweenQueries;
    }

    /** A server whose clock is {@code ahead} ns ahead of true time. */
    SimulatedClockWorld server(String name, long ahead) {
        serverAhead.put(name, ahead);
        return this;
    }

    /** The part of the current slew absorbed by true time {@code t}. */
    private long absorbed(long t) {
        if (slewTotal == 0) {
            return 0;
        }
        if (slewRatePpm == INSTANT) {
            return slewTotal;
        }
        double can = (double) (t - slewStart) * slewRatePpm / 1e6;
        long mag = (long) Math.min(Math.abs((double) slewTotal), can);
        return slewTotal > 0 ? mag : -mag;
    }

    /** Client clock minus true time, now. */
    synchronized long clientError() {
        return clientBase + absorbed(trueNow);
    }

    /** What an ideal measurement of {@code server} would show now: its clock minus the client's. */
    synchronized long trueOffset(String server) {
        return serverAhead.get(server) - clientError();
    }

    private long clientClock() {
        return trueNow + clientBase + absorbed(trueNow);
    }

    @Override
    public synchronized CompletableFuture<TsqSeries> sample(String server, int count) {
        Long ahead = serverAhead.get(server);
        if (ahead == null) {
            return CompletableFuture.completedFuture(new TsqSeries(server, count, List.of(),
                    List.of(new UnreachableException(server + ": no such simulated server", null))));
        }
        List<TsqSample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long t1 = clientClock();
            trueNow += outDelay;
            long t2 = trueNow + ahead;
            trueNow += processing;
            long t3 = trueNow + ahead;
            trueNow += backDelay;
            long t4 = clientClock();
            trueNow += gapBetweenQueries;
            long delay = (t4 - t1) - (t3 - t2);
            long offset = (t2 - t1) + Math.floorDiv(-delay, 2); // (T2 - T1) - ceil(delay / 2), as core computes it
            samples.add(new TsqSample(server, InetSocketAddress.createUnresolved("sim", 1), TransportMode.DATAGRAM, "tsq",
                    t1, t2, t3, t4, offset, delay, true, false, 18, 38, null, null, null));
        }
        return CompletableFuture.completedFuture(new TsqSeries(server, count, samples, List.of()));
    }

    /** An adjuster that records each call and applies it to this world's client clock. */
    ClockAdjuster adjuster() {
        return adjuster(Optional.empty());
    }

    ClockAdjuster adjuster(Optional<Duration> maxSlew) {
        return new ClockAdjuster() {
            @Override
            public String name() {
                return "simulated";
            }

            @Override
            public void slew(Duration correction) {
                synchronized (SimulatedClockWorld.this) {
                    calls.add("slew " + correction.toNanos());
                    clientBase += absorbed(trueNow); // a new slew replaces the remainder of the previous one
                    slewStart = trueNow;
                    slewTotal = correction.toNanos();
                }
            }

            @Override
            public void step(Duration correction) {
                synchronized (SimulatedClockWorld.this) {
                    calls.add("step " + correction.toNanos());
                    clientBase += correction.toNanos();
                }
            }

            @Override
            public Optional<Duration> maxSlew() {
                return maxSlew;
            }

            @Override
            public ClockStatus status() {
                throw new UnsupportedOperationException("not simulated");
            }
        };
    }
}
