package dev.tsq.bench.jmh;

import dev.tsq.sync.Combiner;
import dev.tsq.sync.Decision;
import dev.tsq.sync.Estimate;
import dev.tsq.sync.Sample;
import dev.tsq.sync.SampleFilter;
import dev.tsq.sync.ServerEstimate;
import dev.tsq.sync.ServerSamples;
import dev.tsq.sync.SyncPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
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
 * The sample math and the combiner: {@link Sample#measure} on the timestamps of one exchange, one server's
 * filter ({@link SampleFilter#estimate}), the whole {@link Combiner#combine} of a sync round (3 servers x 5
 * samples, one of them lying by 5 s) and the {@link SyncPolicy} decision.
 *
 * <p>Not on the per-query hot path of a server; the combiner runs once per sync, so it is allowed to allocate
 * (its records and lists), and these benchmarks say how much.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SyncBenchmark {
    private static final long T1 = 1_764_000_000_000_000_000L;

    // Timestamps of one exchange: 50 us out, 10 us in the server, 40 us back, server 250 ms ahead.
    private long t1 = T1;
    private long t2 = T1 + 250_000_000L + 50_000;
    private long t3 = t2 + 10_000;
    private long t4 = T1 + 100_000;

    private List<ServerSamples> round;
    private ServerSamples oneServer;
    private Estimate estimate;

    @Setup
    public void setup() {
        SplittableRandom random = new SplittableRandom(42);
        round = new ArrayList<>();
        long[] offsets = {250_000_000L, 250_000_000L, 5_000_000_000L};
        for (int s = 0; s < 3; s++) {
            List<dev.tsq.sync.Measurement> ms = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long delay = 40_000 + random.nextLong(60_000);
                long jitter = random.nextLong(-5_000, 5_000);
                ms.add(Sample.fromOffsetAndDelay(T1 + i * 1_000_000L, offsets[s] + jitter, delay));
            }
            round.add(new ServerSamples("127.0.0.1:" + (4430 + s), ms));
        }
        oneServer = round.get(0);
        estimate = Combiner.DEFAULT.combine(round);
        if (!estimate.hasConsensus()) {
            throw new IllegalStateException("setup: expected a consensus, got " + estimate);
        }
    }

    /** One exchange's offset, delay and anomaly checks (returns a Sample record). */
    @Benchmark
    public dev.tsq.sync.Measurement sampleMeasure() {
        return Sample.measure(t1, t2, t3, t4);
    }

    /** One server's 5 samples: outliers out, lowest delays kept, an interval around their offset. */
    @Benchmark
    public Optional<ServerEstimate> filterEstimate() {
        return SampleFilter.DEFAULT.estimate(oneServer);
    }

    /** A whole round: 3 servers x 5 samples, the liar outvoted. */
    @Benchmark
    public Estimate combine3x5() {
        return Combiner.DEFAULT.combine(round);
    }

    /** none / slew / step / refused from an estimate. */
    @Benchmark
    public Decision policyDecide() {
        return SyncPolicy.DEFAULT.decide(estimate);
    }
}
