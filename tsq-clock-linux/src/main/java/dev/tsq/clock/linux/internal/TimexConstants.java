package dev.tsq.clock.linux.internal;

/**
 * Constants of the Linux {@code adjtimex}/{@code clock_adjtime} ABI (include/uapi/linux/timex.h, the user-space
 * spelling that glibc's {@code <sys/timex.h>} also uses).
 */
public final class TimexConstants {
    private TimexConstants() {
    }

    // timex.modes bits
    public static final int ADJ_OFFSET = 0x0001;
    public static final int ADJ_FREQUENCY = 0x0002;
    public static final int ADJ_MAXERROR = 0x0004;
    public static final int ADJ_ESTERROR = 0x0008;
    public static final int ADJ_STATUS = 0x0010;
    public static final int ADJ_TIMECONST = 0x0020;
    public static final int ADJ_TAI = 0x0080;
    public static final int ADJ_SETOFFSET = 0x0100;
    public static final int ADJ_MICRO = 0x1000;
    public static final int ADJ_NANO = 0x2000;
    public static final int ADJ_TICK = 0x4000;
    /**
     * The kernel-internal ADJ_ADJTIME bit (0x8000). User space never passes it alone: it only appears inside
     * {@link #ADJ_OFFSET_SINGLESHOT} and {@link #ADJ_OFFSET_SS_READ}.
     */
    public static final int ADJ_ADJTIME = 0x8000;
    /** Old-fashioned adjtime(): slew by {@code offset} microseconds at the kernel's fixed 500 ppm rate. */
    public static final int ADJ_OFFSET_SINGLESHOT = ADJ_ADJTIME | ADJ_OFFSET; // 0x8001
    /**
     * Read-only adjtime(): returns the remaining singleshot offset (µs) in {@code offset} and changes nothing; the
     * kernel asks no capability for it. Inside ADJ_ADJTIME the 0x2000 bit means ADJ_OFFSET_READONLY (it is the
     * same bit as ADJ_NANO, which has no effect on this path).
     */
    public static final int ADJ_OFFSET_SS_READ = 0xa001;

    // timex.status bits
    public static final int STA_PLL = 0x0001;
    public static final int STA_PPSFREQ = 0x0002;
    public static final int STA_PPSTIME = 0x0004;
    public static final int STA_FLL = 0x0008;
    public static final int STA_INS = 0x0010;
    public static final int STA_DEL = 0x0020;
    public static final int STA_UNSYNC = 0x0040;
    public static final int STA_FREQHOLD = 0x0080;
    public static final int STA_PPSSIGNAL = 0x0100;
    public static final int STA_PPSJITTER = 0x0200;
    public static final int STA_PPSWANDER = 0x0400;
    public static final int STA_PPSERROR = 0x0800;
    public static final int STA_CLOCKERR = 0x1000;
    public static final int STA_NANO = 0x2000;
    public static final int STA_MODE = 0x4000;
    public static final int STA_CLK = 0x8000;

    /** The clock id of the wall clock for clock_adjtime/clock_gettime. */
    public static final int CLOCK_REALTIME = 0;

    /** {@code timex.freq} and {@code tolerance} are "scaled ppm": ppm with a 16-bit binary fraction. */
    public static final double FREQ_SCALE = 65536.0;

    /**
     * The kernel's singleshot slew rate: {@code MAX_TICKADJ} = 500 µs of correction applied per second
     * (kernel/time/ntp.c, second_overflow), i.e. 500 ppm.
     */
    public static final long SINGLESHOT_MICROS_PER_SECOND = 500;

    /** The largest slew this adjuster accepts, in µs (±0.5 s; see {@link TimexBuilders#slewSingleShot}). */
    public static final long MAX_SLEW_MICROS = 500_000;

    /** The kernel's USER_HZ on Linux (the unit of {@code timex.tick}: µs per 1/USER_HZ s). */
    public static final long USER_HZ = 100;
    /** The nominal tick, {@code (USEC_PER_SEC + USER_HZ / 2) / USER_HZ} = 10000 µs (kernel/time/ntp.c). */
    public static final long NOMINAL_TICK_MICROS = (1_000_000 + USER_HZ / 2) / USER_HZ;
    /** The smallest tick the kernel accepts, {@code 900000 / USER_HZ} = 9000 µs (-10 %). */
    public static final long MIN_TICK_MICROS = 900_000 / USER_HZ;
    /** The largest tick the kernel accepts, {@code 1100000 / USER_HZ} = 11000 µs (+10 %). */
    public static final long MAX_TICK_MICROS = 1_100_000 / USER_HZ;
    /**
     * One µs of tick changes the rate by USER_HZ µs per second = 100 ppm: the kernel's second is
     * {@code tick * 1000 * USER_HZ} ns plus the frequency correction (ntp_update_frequency), so the two add.
     */
    public static final long PPM_PER_TICK_MICRO = USER_HZ;
    /** MAXFREQ: the kernel clamps {@code timex.freq} to ±500 ppm. */
    public static final long MAX_FREQ_PPM = 500;
    /** MAXFREQ in scaled ppm: 500 × 2^16 = 32768000. */
    public static final long MAX_FREQ_SCALED = MAX_FREQ_PPM << 16;
    /** The largest total frequency correction: the tick at its limit plus the full ±500 ppm (100500 ppm). */
    public static final double MAX_TOTAL_PPM = (MAX_TICK_MICROS - NOMINAL_TICK_MICROS) * PPM_PER_TICK_MICRO + MAX_FREQ_PPM;
    /** NTP_PHASE_LIMIT: the kernel caps maxerror at 16 s (in µs), where it marks the clock STA_UNSYNC. */
    public static final long NTP_PHASE_LIMIT_MICROS = 16_000_000;
    /** The status bits ADJ_STATUS can write (STA_RONLY are the rest). */
    public static final int STA_WRITABLE = STA_PLL | STA_PPSFREQ | STA_PPSTIME | STA_FLL | STA_INS | STA_DEL
        | STA_UNSYNC | STA_FREQHOLD;

    /** Names the set modes bits, e.g. {@code "ADJ_SETOFFSET|ADJ_NANO"}; {@code "0"} when none. */
    public static String modesName(int modes) {
        if (modes == 0) {
            return "0";
        }
        if (modes == ADJ_OFFSET_SINGLESHOT) {
            return "ADJ_OFFSET_SINGLESHOT";
        }
        if (modes == ADJ_OFFSET_SS_READ) {
            return "ADJ_OFFSET_SS_READ";
        }
        String[] names = {"ADJ_OFFSET", "ADJ_FREQUENCY", "ADJ_MAXERROR", "ADJ_ESTERROR", "ADJ_STATUS",
            "ADJ_TIMECONST", "0x40", "ADJ_TAI", "ADJ_SETOFFSET", "0x200", "0x400", "0x800", "ADJ_MICRO", "ADJ_NANO",
            "ADJ_TICK", "ADJ_ADJTIME"};
        StringBuilder sb = new StringBuilder();
        for (int bit = 0; bit < 32; bit++) {
            if ((modes & (1 << bit)) != 0) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(bit < names.length ? names[bit] : "0x" + Integer.toHexString(1 << bit));
            }
        }
        return sb.toString();
    }
}
