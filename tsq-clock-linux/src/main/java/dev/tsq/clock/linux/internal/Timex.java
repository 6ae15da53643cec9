package dev.tsq.clock.linux.internal;

import com.sun.jna.Structure;

/**
 * {@code struct timex} exactly as the kernel and glibc lay it out on LP64 Linux (x86-64 and aarch64): 208 bytes.
 *
 * <pre>
 *   0 int modes        4 (pad)          8 long offset     16 long freq      24 long maxerror  32 long esterror
 *  40 int status      44 (pad)         48 long constant   56 long precision 64 long tolerance
 *  72 struct timeval time { 72 long tv_sec; 80 long tv_usec }                 (tv_usec holds ns with ADJ_NANO/STA_NANO)
 *  88 long tick       96 long ppsfreq 104 long jitter    112 int shift     116 (pad)
 * 120 long stabil    128 long jitcnt  136 long calcnt    144 long errcnt   152 long stbcnt
 * 160 int tai        164 int[11] reserved (the header's eleven anonymous "int :32" fields)     208 end
 * </pre>
 *
 * The padding is spelled out as fields and the structure uses {@link Structure#ALIGN_NONE}, so the layout above is
 * the declaration itself rather than something JNA infers; tests check every offset (and against gcc when present).
 * Java {@code long} is used for C {@code long}, which is only right on LP64; the provider refuses other platforms.
 */
@Structure.FieldOrder({"modes", "pad0", "offset", "freq", "maxerror", "esterror", "status", "pad1", "constant",
    "precision", "tolerance", "timeSec", "timeUsec", "tick", "ppsfreq", "jitter", "shift", "pad2", "stabil",
    "jitcnt", "calcnt", "errcnt", "stbcnt", "tai", "reserved"})
public final class Timex extends Structure {
    /** The size of {@code struct timex} on LP64 Linux. */
    public static final int SIZE = 208;

    public int modes;
    public int pad0;
    public long offset;
    public long freq;
    public long maxerror;
    public long esterror;
    public int status;
    public int pad1;
    public long constant;
    public long precision;
    public long tolerance;
    /** {@code time.tv_sec}. */
    public long timeSec;
    /** {@code time.tv_usec}: microseconds, or nanoseconds with ADJ_NANO (input) / STA_NANO (output). */
    public long timeUsec;
    public long tick;
    public long ppsfreq;
    public long jitter;
    public int shift;
    public int pad2;
    public long stabil;
    public long jitcnt;
    public long calcnt;
    public long errcnt;
    public long stbcnt;
    public int tai;
    public int[] reserved = new int[11];

    public Timex() {
        super(ALIGN_NONE);
    }

    /** A zeroed struct carrying {@code args}. */
    public static Timex of(TimexArgs args) {
        Timex t = new Timex();
        t.modes = args.modes();
        t.offset = args.offset();
        t.freq = args.freq();
        t.maxerror = args.maxerror();
        t.esterror = args.esterror();
        t.status = args.status();
        t.tick = args.tick();
        t.timeSec = args.timeSec();
        t.timeUsec = args.timeUsecOrNsec();
        return t;
    }

    /** The kernel's answer, as a plain value (call after the native call returned). */
    public TimexReading reading() {
        return new TimexReading(offset, freq, maxerror, esterror, status, constant, precision, tolerance,
            timeSec, timeUsec, tick, tai);
    }

    /** The byte offset of a field of this structure (exposes JNA's protected {@code fieldOffset}). */
    public int offsetOf(String fieldName) {
        return fieldOffset(fieldName);
    }
}
