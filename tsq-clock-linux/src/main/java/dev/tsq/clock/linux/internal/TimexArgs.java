package dev.tsq.clock.linux.internal;

/**
 * The input fields of one {@code adjtimex}/{@code clock_adjtime} call, as a plain value built by
 * {@link TimexBuilders} and copied into a zeroed {@link Timex} with {@link Timex#of(TimexArgs)}. Every field not
 * listed here is passed as zero, and the kernel reads only the fields the {@code modes} bits select.
 *
 * @param modes          the ADJ_* bits
 * @param offset         {@code timex.offset} (µs for ADJ_OFFSET_SINGLESHOT)
 * @param freq           {@code timex.freq}: scaled ppm (ppm × 2^16), read with ADJ_FREQUENCY
 * @param maxerror       {@code timex.maxerror}, µs, read with ADJ_MAXERROR
 * @param esterror       {@code timex.esterror}, µs, read with ADJ_ESTERROR
 * @param status         {@code timex.status}, read with ADJ_STATUS
 * @param timeSec        {@code timex.time.tv_sec} (the whole seconds of an ADJ_SETOFFSET step, may be negative)
 * @param timeUsecOrNsec {@code timex.time.tv_usec}: ns with ADJ_NANO, else µs; always in [0, 1 s)
 * @param tick           {@code timex.tick}: µs per 1/USER_HZ s, read with ADJ_TICK
 */
public record TimexArgs(int modes, long offset, long freq, long maxerror, long esterror, int status, long timeSec,
                        long timeUsecOrNsec, long tick) {

    /** The arguments of the slew, step and read calls, which set none of freq, maxerror, esterror and tick. */
    public TimexArgs(int modes, long offset, int status, long timeSec, long timeUsecOrNsec) {
        this(modes, offset, 0, 0, 0, status, timeSec, timeUsecOrNsec, 0);
    }

    /** The modes bits spelled out, for messages. */
    public String modesName() {
        return TimexConstants.modesName(modes);
    }
}
