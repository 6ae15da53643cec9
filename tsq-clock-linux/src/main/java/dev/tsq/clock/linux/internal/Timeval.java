package dev.tsq.clock.linux.internal;

import com.sun.jna.Structure;

/** {@code struct timeval} on LP64 Linux: two longs, 16 bytes. */
@Structure.FieldOrder({"tvSec", "tvUsec"})
public final class Timeval extends Structure {
    public long tvSec;
    public long tvUsec;

    public Timeval() {
        super(ALIGN_NONE);
    }

    public Timeval(TimeOfDay value) {
        this();
        tvSec = value.sec();
        tvUsec = value.usec();
    }
}
