package dev.tsq.clock.linux.internal;

import com.sun.jna.Structure;

/** {@code struct timespec} on LP64 Linux: two longs, 16 bytes. */
@Structure.FieldOrder({"tvSec", "tvNsec"})
public final class Timespec extends Structure {
    public long tvSec;
    public long tvNsec;

    public Timespec() {
        super(ALIGN_NONE);
    }
}
