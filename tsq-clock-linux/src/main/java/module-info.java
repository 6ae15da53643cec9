/**
 * The Linux {@link dev.tsq.spi.ClockAdjuster}: slews with adjtimex(ADJ_OFFSET_SINGLESHOT), sets the frequency with
 * ADJ_FREQUENCY/ADJ_TICK and the status with ADJ_STATUS/ADJ_MAXERROR/ADJ_ESTERROR, steps with
 * clock_adjtime(ADJ_SETOFFSET), reads status with adjtimex(modes 0). The only JNA code of TSQ.
 */
module dev.tsq.clock.linux {
    requires static transitive org.jspecify;
    requires transitive dev.tsq.core;
    requires com.sun.jna;
    requires org.slf4j;

    exports dev.tsq.clock.linux;
    // JNA reads and writes the public fields of the Structure subclasses and proxies LibC reflectively.
    opens dev.tsq.clock.linux.internal to com.sun.jna;
    // Native.register binds the direct-mapped syscalls of LinuxReceiveTimestamps reflectively.
    opens dev.tsq.clock.linux to com.sun.jna;

    provides dev.tsq.spi.ClockAdjusterProvider with dev.tsq.clock.linux.LinuxClockAdjusterProvider;
    // kernel receive timestamps (ioctl SIOCGSTAMPNS) for TSQ's client and server sockets
    provides dev.tsq.internal.ReceiveTimestamps with dev.tsq.clock.linux.LinuxReceiveTimestamps;
}
