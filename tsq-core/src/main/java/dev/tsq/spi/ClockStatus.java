package dev.tsq.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's clock discipline state, as read by {@code adjtimex} with modes 0 (read-only).
 *
 * @param offsetNanos       remaining PLL/slew offset, nanoseconds
 * @param frequencyPpm      frequency correction, parts per million
 * @param maxErrorMicros    maximum error, microseconds
 * @param estErrorMicros    estimated error, microseconds
 * @param status            the raw STA_* status bits
 * @param taiOffsetSeconds  TAI - UTC, seconds
 * @param clockState        the call's return value: TIME_OK (0), TIME_INS, TIME_DEL, TIME_OOP, TIME_WAIT or TIME_ERROR (5)
 * @param timeConstant      PLL time constant
 * @param tickMicros        microseconds between clock ticks
 */
public record ClockStatus(long offsetNanos, double frequencyPpm, long maxErrorMicros, long estErrorMicros,
                          int status, int taiOffsetSeconds, int clockState, long timeConstant, long tickMicros) {

    private static final String[] FLAG_NAMES = {
        "PLL", "PPSFREQ", "PPSTIME", "FLL", "INS", "DEL", "UNSYNC", "FREQHOLD",
        "PPSSIGNAL", "PPSJITTER", "PPSWANDER", "PPSERROR", "CLOCKERR", "NANO", "MODE", "CLK"
    };
    private static final String[] STATE_NAMES = {"TIME_OK", "TIME_INS", "TIME_DEL", "TIME_OOP", "TIME_WAIT", "TIME_ERROR"};

    /** Status bit STA_UNSYNC: the kernel considers the clock unsynchronized. */
    public static final int STA_UNSYNC = 0x0040;

    /**
     * The names of the STA_* bits that are set, e.g. {@code [PLL, NANO]}.
     *
     * @return the set flags' names, lowest bit first
     */
    public List<String> flags() {
        List<String> names = new ArrayList<>();
        for (int bit = 0; bit < FLAG_NAMES.length; bit++) {
            if ((status & (1 << bit)) != 0) {
                names.add(FLAG_NAMES[bit]);
            }
        }
        return List.copyOf(names);
    }

    /**
     * The clock state's name, e.g. {@code TIME_OK}.
     *
     * @return the name, or {@code UNKNOWN(n)}
     */
    public String clockStateName() {
        return clockState >= 0 && clockState < STATE_NAMES.length ? STATE_NAMES[clockState] : "UNKNOWN(" + clockState + ")";
    }

    /**
     * True when the kernel reports the clock synchronized (STA_UNSYNC clear and no TIME_ERROR).
     *
     * @return true when synchronized
     */
    public boolean synced() {
        return (status & STA_UNSYNC) == 0 && clockState != 5;
    }
}
