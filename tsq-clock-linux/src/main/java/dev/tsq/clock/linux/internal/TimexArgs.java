package dev.tsq.clock.linux.internal;

/**
 * The input fields of one {@code adjtimex}/{@code clock_adjtime} call, as a plain value built by
 * {@link TimexBuilders} and copied into a zeroed {@link Timex} with {@link Timex#of(TimexArgs)}. Every field not
 * listed here is passed as zero, and the kernel reads only the fields the {@code modes} bits select.
 *
 * @param modes          the ADJ_* bits
 * @param offset         {@code timex.offset} (µs for ADJ_OFFSET_SINGLESHOT)
 * @param status         {@code timex.status} (read only with ADJ_STATUS, which this adjuster never sets)
 * @param timeSec        {@code timex.time.tv_sec} (the whole seconds of an ADJ_SETOFFSET step, may be negative)
 * @param timeUsecOrNsec {@code timex.time.tv_usec}: ns with ADJ_NANO, else µs; always in [0, 1 s)
 */
public record TimexArgs(int modes, long offset, int status, long timeSec, long timeUsecOrNsec) {

    /** The modes bits spelled out, for messages. */
    public String modesName() {
        return TimexConstants.modesName(modes);
    }
}
