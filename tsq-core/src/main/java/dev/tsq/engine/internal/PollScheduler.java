package dev.tsq.engine.internal;

import dev.tsq.engine.FailureKind;

/**
 * One source's poll schedule. At start an optional burst: requests 2 s apart until 4 answers were good or 8
 * were sent. Then 2^exp seconds, exp within [minPoll, maxPoll] and adaptive: it grows (after {@value #VOTES}
 * consecutive votes) while the offset error that the frequency's uncertainty and its random walk can build over
 * the doubled interval stays small beside one measurement's σ, and shrinks at once when it does not over the
 * current one. So noisy paths and a poorly known frequency keep the poll short, where more samples help most.
 * Back-off on top of that: a second consecutive missed answer and each one after it add 0.25 (chrony's step), a
 * rate-limit answer adds 1; the next answer ends the back-off, so a lossy but live path keeps its poll while a dead
 * or rate-limiting server is polled ever less, up to maxPoll. The 8-bit reach register shifts at every poll sent;
 * bit 0 is set by an answer.
 */
public final class PollScheduler {
    static final int VOTES = 4;
    /** Grow while sqrt(pDD·(2τ)² + A·(2τ)³/3) stays below this fraction of one measurement's σ. */
    static final double GROW_RATIO = 0.03;
    static final long BURST_SPACING = 2_000_000_000L;
    static final int BURST_GOOD = 4;
    static final int BURST_MAX = 8;
    /** Poll-exponent increase for FALLBACK sources while they are not needed to steer. */
    public static final int FALLBACK_SLOWDOWN = 2;

    private final int minPoll;
    private final int maxPoll;
    private double exp;
    private double backoff;
    private boolean burst;
    private int burstSent;
    private int burstGood;
    private int reach;
    private long sent;
    private long answers;
    private long lastSent;
    private long nextPoll;
    private int votesUp;
    private int slowdown;

    public PollScheduler(int minPoll, int maxPoll, boolean burst, long now) {
        this(minPoll, maxPoll, burst, 0, now);
    }

    /**
     * @param slowdown added to the poll exponent outside bursts (FALLBACK sources: {@value #FALLBACK_SLOWDOWN}, so
     *     they are sampled 4x less often than primaries while they do not steer), capped at maxPoll
     */
    public PollScheduler(int minPoll, int maxPoll, boolean burst, int slowdown, long now) {
        this.slowdown = slowdown;
        this.minPoll = minPoll;
        this.maxPoll = maxPoll;
        this.exp = minPoll;
        this.burst = burst;
        this.nextPoll = now;
        this.lastSent = now;
    }

    private long interval() {
        if (burst) {
            return Math.min(BURST_SPACING, (long) (Math.pow(2, minPoll) * 1e9 / 4) + 1);
        }
        return (long) (Math.pow(2, Math.min(maxPoll, exp + backoff + slowdown)) * 1e9);
    }

    /** Sets the exponent increase (0 while a fallback steers); the next poll is rescheduled from the last send. */
    public void slowdown(int extra) {
        if (extra == slowdown) {
            return;
        }
        slowdown = extra;
        if (!burst) {
            nextPoll = lastSent + interval();
        }
    }

    public void sent(long now) {
        reach = (reach << 1) & 0xFF;
        sent++;
        lastSent = now;
        if (burst) {
            burstSent++;
            if (burstSent >= BURST_MAX) {
                burst = false;
            }
        }
        nextPoll = now + interval();
    }

    /** An answer arrived (good = it passed the gate and fed the filter). */
    public void answered(long now, boolean good, SourceEstimate e) {
        reach |= 1;
        answers++;
        backoff = 0;
        if (burst) {
            if (good && ++burstGood >= BURST_GOOD) {
                burst = false;
                nextPoll = lastSent + interval();
            }
            return;
        }
        if (good && e != null) {
            adapt(e);
        }
        nextPoll = lastSent + interval();
    }

    private void adapt(SourceEstimate e) {
        double m = Math.max(e.measurementSigma(), 1e-9);
        double tau = Math.pow(2, exp);
        double grow = Math.sqrt(e.pDD() * 4 * tau * tau + e.processNoise() * 8 * tau * tau * tau / 3);
        double now = Math.sqrt(e.pDD() * tau * tau + e.processNoise() * tau * tau * tau / 3);
        if (now > 2 * GROW_RATIO * m && exp > minPoll) {
            exp = Math.max(minPoll, Math.ceil(exp) - 1);
            votesUp = 0;
        } else if (grow < GROW_RATIO * m && e.samples() >= 8) {
            if (++votesUp >= VOTES) {
                exp = Math.min(maxPoll, Math.floor(exp) + 1);
                votesUp = 0;
            }
        } else {
            votesUp = 0;
        }
    }

    public void failed(FailureKind kind, long now) {
        if (burst) {
            return; // the burst keeps its spacing; sent() ends it after BURST_MAX requests
        }
        if (kind == FailureKind.RATE_LIMITED) {
            backoff += 1;
        } else if ((reach & 0x2) == 0) {
            backoff += 0.25; // the previous poll went unanswered as well
        }
        backoff = Math.min(backoff, maxPoll - minPoll);
        votesUp = 0;
        nextPoll = lastSent + interval();
    }

    /** Starts a new burst (after the clock was found changed). */
    public void restartBurst(long now) {
        burst = true;
        burstSent = 0;
        burstGood = 0;
        nextPoll = now;
    }

    /** The current poll interval, s. */
    public double intervalSeconds() {
        return interval() * 1e-9;
    }

    public long nextPoll() {
        return nextPoll;
    }

    public int reach() {
        return reach;
    }

    public long sentCount() {
        return sent;
    }

    public boolean inBurst() {
        return burst;
    }

    /** The current poll exponent, rounded to an integer for status lines. */
    public int pollExponent() {
        return (int) Math.round(Math.min(maxPoll, exp + backoff + slowdown));
    }

    /** The last 3 polls (or, before 3 were sent, every poll sent) went unanswered. */
    public boolean unreachable() {
        if (sent == 0) {
            return false;
        }
        if (answers == 0) {
            return sent >= 3;
        }
        return (reach & 0x7) == 0 && sent >= 3;
    }
}
