package dev.tsq.spi;

import dev.tsq.TsqException;

/** A clock adjustment or status call failed; {@link #errno()} and {@link #errnoName()} say how. */
public class ClockAdjustmentException extends TsqException {
    private static final long serialVersionUID = 1L;
    private final int errno;
    private final String errnoName;

    public ClockAdjustmentException(String message, int errno, String errnoName) {
        super(message);
        this.errno = errno;
        this.errnoName = errnoName;
    }

    public ClockAdjustmentException(String message, Throwable cause) {
        super(message, cause);
        this.errno = 0;
        this.errnoName = "";
    }

    /** The OS error number, or 0 when not from a system call. */
    public int errno() {
        return errno;
    }

    /** The symbolic errno, e.g. {@code "EPERM"}, or empty. */
    public String errnoName() {
        return errnoName;
    }
}
