package dev.tsq.clock.linux;

import dev.tsq.clock.linux.internal.Errno;
import dev.tsq.clock.linux.internal.NativeClock;
import dev.tsq.clock.linux.internal.TimeOfDay;
import dev.tsq.clock.linux.internal.TimexArgs;
import dev.tsq.clock.linux.internal.TimexBuilders;
import dev.tsq.clock.linux.internal.TimexConstants;
import dev.tsq.spi.ClockAdjuster;
import dev.tsq.spi.ClockAdjustmentException;
import dev.tsq.spi.ClockStatus;
import dev.tsq.spi.ClockStep;
import dev.tsq.spi.ClockSyncStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Linux {@link ClockAdjuster}, through JNA. It does what it is asked: every call to {@link #slew} or
 * {@link #step} really changes the system clock (it needs CAP_SYS_TIME; without it the call fails with a
 * {@link dev.tsq.spi.ClockPermissionException} and nothing changes). {@link #status()} and
 * {@link #remainingSlew()} only read.
 *
 * <h2>Slew: adjtimex(ADJ_OFFSET_SINGLESHOT)</h2>
 * The kernel's old adjtime() mechanism: it speeds up or slows down the clock by a fixed 500 µs per second (500 ppm)
 * until the offset, given in whole microseconds, is absorbed. A slew of {@code x} therefore takes
 * {@code ceil(|x| / 0.5 ms)} seconds: 1 ms takes 2 s, 100 ms takes 200 s, 128 ms (the synchronizer's default slew
 * ceiling) takes 256 s, 500 ms takes 1000 s. See {@link #slewTime(Duration)} and {@link #describeSlew(Duration)}.
 * A new slew <em>replaces</em> the remainder of the previous one (it does not add to it), and a zero slew cancels
 * a slew in progress. This adjuster accepts at most ±500 ms (the kernel would take more, but beyond that a step
 * is the better tool); larger values fail with {@link IllegalArgumentException} before any system call.
 *
 * <p>Why singleshot and not the kernel PLL (ADJ_OFFSET with STA_PLL): the PLL's convergence depends on the time
 * constant and the time since its last update, it also changes the kernel frequency (a lasting side effect), it
 * clamps offsets to ±0.5 s anyway, and it belongs to whichever NTP daemon owns the kernel discipline. The singleshot
 * slew has a fixed, predictable rate, never touches the frequency or the PLL state, and its progress can be read
 * back ({@link #remainingSlew()}). ADJ_OFFSET without STA_PLL is never used.
 *
 * <h2>Step: clock_adjtime(CLOCK_REALTIME, ADJ_SETOFFSET | ADJ_NANO)</h2>
 * The kernel adds the correction to the clock in one atomic operation, with nanosecond resolution; there is no
 * read-then-set race. Side effect: ADJ_NANO sets STA_NANO, so later status reads report the PLL offset in
 * nanoseconds (chrony does the same). A step does not cancel a slew in progress. Only where clock_adjtime is
 * missing (symbol absent from libc, or ENOSYS) does the adjuster fall back to
 * {@code clock_gettime + settimeofday}: that reads the time, adds the correction and sets it, so the time that
 * passes between the read and the set (normally microseconds, more if the thread is preempted) is lost, and the
 * result is truncated to microseconds.
 *
 * <h2>Status: adjtimex(modes = 0)</h2>
 * Read-only; needs no privilege. The offset is converted to nanoseconds according to STA_NANO, the frequency from
 * scaled ppm (ppm × 65536) to ppm, and the return value is the clock state.
 *
 * <h2>Discipline: frequency, status, taking control</h2>
 * {@link #frequencyPpm()} reads (modes 0) the whole correction {@code (tick - 10000) * 100 + freq / 65536} ppm.
 * {@link #setFrequencyPpm(double)} sends adjtimex(ADJ_FREQUENCY | ADJ_TICK): up to ±500 ppm in {@code freq}
 * with the nominal tick, beyond that (to ±100500 ppm) the tick takes the whole hundreds
 * ({@link TimexBuilders#frequencySplit}). {@link #stepAndReport(Duration)} is {@link #step} returning the time the
 * kernel reported from the stepping call itself. {@link #setSyncStatus} sends ADJ_STATUS | ADJ_MAXERROR |
 * ADJ_ESTERROR (STA_UNSYNC, STA_INS/STA_DEL) after a modes-0 read of the bits it keeps. {@link #takeControl()}
 * cancels the singleshot slew, zeroes the PLL offset and clears STA_PLL/FLL/PPSFREQ/PPSTIME/FREQHOLD (three
 * calls, after a modes-0 read). All of these but the reads need CAP_SYS_TIME.
 */
public final class LinuxClockAdjuster implements ClockAdjuster {
    /** The largest correction {@link #slew} accepts, each way. */
    public static final Duration MAX_SLEW = Duration.ofMillis(500);
    /** The kernel's singleshot slew rate in parts per million (500 µs per second). */
    public static final int SLEW_RATE_PPM = 500;

    private static final Logger LOG = LoggerFactory.getLogger(LinuxClockAdjuster.class);

    private final NativeClock nativeClock;
    private volatile boolean useSettimeofday;

    /**
     * @param nativeClock      the libc binding
     * @param forceSettimeofday step with the settimeofday fallback from the start (tests of the fallback path)
     */
    LinuxClockAdjuster(NativeClock nativeClock, boolean forceSettimeofday) {
        this.nativeClock = Objects.requireNonNull(nativeClock, "nativeClock");
        this.useSettimeofday = forceSettimeofday;
    }

    /**
     * A Linux adjuster for this machine.
     *
     * @throws IllegalStateException when not on Linux x86-64/aarch64 or libc cannot be loaded
     * @return the adjuster
     */
    public static LinuxClockAdjuster create() {
        return (LinuxClockAdjuster) new LinuxClockAdjusterProvider().create();
    }

    @Override
    public String name() {
        return "linux-adjtimex";
    }

    /** {@link #MAX_SLEW}: the kernel's singleshot slew range this adjuster accepts. */
    @Override
    public java.util.Optional<Duration> maxSlew() {
        return java.util.Optional.of(MAX_SLEW);
    }

    /**
     * Slews the clock by {@code correction} (rounded to whole microseconds) with adjtimex(ADJ_OFFSET_SINGLESHOT),
     * replacing any slew still in progress. Takes {@link #slewTime(Duration)} to complete.
     *
     * @throws IllegalArgumentException when |correction| exceeds {@link #MAX_SLEW}
     */
    @Override
    public void slew(Duration correction) {
        TimexArgs args = TimexBuilders.slewSingleShot(correction);
        NativeClock.Result result = nativeClock.adjtimex(args);
        if (LOG.isDebugEnabled()) {
            LOG.debug("slew {} us started (replaced a remaining {} us); {}", args.offset(), result.reading().offset(),
                describeSlew(correction));
        }
    }

    /**
     * Steps the clock by {@code correction} at once: clock_adjtime(CLOCK_REALTIME, ADJ_SETOFFSET|ADJ_NANO), or the
     * settimeofday fallback where clock_adjtime does not exist. A zero correction is passed to the kernel too.
     */
    @Override
    public void step(Duration correction) {
        stepAndReport(correction);
    }

    @Override
    public ClockStatus status() {
        return status(TimexConstants.CLOCK_REALTIME);
    }

    /**
     * Read-only status of {@code clockId} through clock_adjtime with modes 0 (package-private: tests use an
     * invalid id to see EINVAL without any risk, since modes 0 changes nothing on any clock).
     */
    ClockStatus status(int clockId) {
        NativeClock.Result r = clockId == TimexConstants.CLOCK_REALTIME
            ? nativeClock.adjtimex(TimexBuilders.readOnly())
            : nativeClock.clockAdjtime(clockId, TimexBuilders.readOnly());
        return r.reading().toClockStatus(r.returnValue());
    }

    /**
     * The part of the last {@link #slew} the kernel has not applied yet (adjtimex ADJ_OFFSET_SS_READ: read-only,
     * needs no privilege); zero when no slew is in progress.
     *
     * @return the remaining correction (negative while slowing the clock)
     * @throws dev.tsq.spi.ClockAdjustmentException when adjtimex fails
     */
    public Duration remainingSlew() {
        NativeClock.Result r = nativeClock.adjtimex(TimexBuilders.slewRemainingRead());
        return Duration.ofNanos(r.reading().offset() * 1000L);
    }

    /** The total frequency correction, ppm, from one read-only adjtimex (modes 0); no privilege needed. */
    @Override
    public double frequencyPpm() {
        NativeClock.Result r = nativeClock.adjtimex(TimexBuilders.readOnly());
        return TimexBuilders.totalFrequencyPpm(r.reading().tick(), r.reading().freq());
    }

    /**
     * adjtimex(ADJ_FREQUENCY | ADJ_TICK) with {@link TimexBuilders#setFrequency(double)}.
     *
     * @return the correction the kernel now applies: {@code ppm} rounded to 2^-16 ppm
     * @throws IllegalArgumentException before any system call when {@code ppm} is not finite or beyond ±100500 ppm
     */
    @Override
    public double setFrequencyPpm(double ppm) {
        TimexArgs args = TimexBuilders.setFrequency(ppm);
        nativeClock.adjtimex(args);
        double applied = TimexBuilders.totalFrequencyPpm(args.tick(), args.freq());
        LOG.debug("frequency set to {} ppm (tick {} us, freq {} scaled ppm)", applied, args.tick(), args.freq());
        return applied;
    }

    /**
     * {@link #step} that also returns when it took effect: the time clock_adjtime returned (the kernel reads the
     * clock after the step and before returning), or, on the settimeofday fallback, the time that was set.
     */
    @Override
    public ClockStep stepAndReport(Duration correction) {
        Objects.requireNonNull(correction, "correction");
        if (!useSettimeofday) {
            TimexArgs args = TimexBuilders.stepSetOffset(correction);
            try {
                NativeClock.Result r = nativeClock.clockAdjtime(TimexConstants.CLOCK_REALTIME, args);
                LOG.debug("stepped {} with clock_adjtime", TimexBuilders.formatMillis(correction));
                return new ClockStep(correction, TimexBuilders.returnedTime(r.reading()), true);
            } catch (UnsatisfiedLinkError e) {
                LOG.warn("libc has no clock_adjtime ({}); stepping with settimeofday from now on", e.getMessage());
            } catch (ClockAdjustmentException e) {
                if (e.errno() != Errno.ENOSYS) {
                    throw e;
                }
                LOG.warn("clock_adjtime is not implemented (ENOSYS); stepping with settimeofday from now on");
            }
            useSettimeofday = true;
        }
        long[] now = nativeClock.realtimeNow();
        TimeOfDay target = TimexBuilders.settimeofdayTarget(now[0], now[1], correction);
        nativeClock.settimeofday(target);
        LOG.debug("stepped {} with settimeofday (read-then-set)", TimexBuilders.formatMillis(correction));
        return new ClockStep(correction, Instant.ofEpochSecond(target.sec(), target.usec() * 1000L), true);
    }

    /** A modes-0 read, then adjtimex(ADJ_STATUS | ADJ_MAXERROR | ADJ_ESTERROR) with {@link TimexBuilders#syncStatus}. */
    @Override
    public void setSyncStatus(ClockSyncStatus status) {
        Objects.requireNonNull(status, "status");
        int current = nativeClock.adjtimex(TimexBuilders.readOnly()).reading().status();
        nativeClock.adjtimex(TimexBuilders.syncStatus(current, status));
    }

    /**
     * A modes-0 read, then three calls: cancel the singleshot slew ({@link TimexBuilders#cancelSingleshot}), zero
     * the PLL offset ({@link TimexBuilders#zeroPllOffset}), PLL off ({@link TimexBuilders#pllOff}). The frequency
     * is left as it is.
     */
    @Override
    public void takeControl() {
        int current = nativeClock.adjtimex(TimexBuilders.readOnly()).reading().status();
        nativeClock.adjtimex(TimexBuilders.cancelSingleshot());
        nativeClock.adjtimex(TimexBuilders.zeroPllOffset(current));
        nativeClock.adjtimex(TimexBuilders.pllOff(current));
        LOG.debug("took control of the clock: singleshot cancelled, PLL offset zeroed, STA_PLL cleared");
    }

    /**
     * Whether steps use the settimeofday fallback (after clock_adjtime turned out to be missing).
     *
     * @return true after the fallback was taken
     */
    public boolean stepsWithSettimeofday() {
        return useSettimeofday;
    }

    /**
     * How long the kernel needs to absorb {@code correction} as a slew: {@code ceil(|µs| / 500)} seconds, e.g.
     * 100 ms takes 200 s.
     *
     * @throws IllegalArgumentException when |correction| exceeds {@link #MAX_SLEW}
     * @param correction the slew
     * @return the time to absorb it
     */
    public static Duration slewTime(Duration correction) {
        return TimexBuilders.slewTime(correction);
    }

    /**
     * A sentence stating the slew math for {@code correction}, e.g.
     * {@code "slew +100 ms at 500 ppm (0.5 ms per second) takes 200 s"}; for a correction beyond
     * {@link #MAX_SLEW} it says that a step is needed instead.
     *
     * @param correction the correction
     * @return the sentence
     */
    public static String describeSlew(Duration correction) {
        Objects.requireNonNull(correction, "correction");
        String amount = TimexBuilders.formatMillis(correction);
        long micros;
        try {
            micros = TimexBuilders.slewMicros(correction);
        } catch (IllegalArgumentException e) {
            return "slew " + amount + " exceeds the " + MAX_SLEW.toMillis()
                + " ms slew limit (at 500 ppm it would take over 1000 s); step it instead";
        }
        if (micros == 0) {
            return "slew " + amount + " rounds to 0 us: it cancels any slew in progress and takes 0 s";
        }
        return "slew " + amount + " at " + SLEW_RATE_PPM + " ppm (0.5 ms per second) takes "
            + slewTime(correction).getSeconds() + " s";
    }
}
