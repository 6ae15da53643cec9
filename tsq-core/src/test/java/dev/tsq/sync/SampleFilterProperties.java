package dev.tsq.sync;

import static dev.tsq.sync.SampleTest.T0;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class SampleFilterProperties {

    /** With a multiplier >= 1 the threshold is at least the MAD, so at least half the samples survive. */
    @Property(tries = 300)
    void outlierRejectionKeepsAtLeastHalf(
            @ForAll @Size(min = 1, max = 40) List<@LongRange(min = -5_000_000_000L, max = 5_000_000_000L) Long> offsets,
            @ForAll @DoubleRange(min = 1.0, max = 10.0) double multiplier) {
        List<Sample> samples = new ArrayList<>();
        for (long o : offsets) {
            samples.add(Sample.fromOffsetAndDelay(T0, o, 1_000));
        }
        SampleFilter filter = new SampleFilter(8, multiplier, 0, 0);
        int kept = filter.rejectOutliers(samples).size();
        assertTrue(2 * kept >= samples.size(), () -> kept + " of " + samples.size() + " kept");
    }
}
