package dev.tsq.spi;

import dev.tsq.TsqException;

/** A clock adjustment or status call failed; {@link #errno()} and {@link #errnoName()} say how. */
public class ClockAdjustmentException extends TsqException {
    private static final long serialVersionUID = 1L;
    /** The OS error number, or 0. */
    private final int errno;
    /** The symbolic errno, or empty. */
    private final String errnoName;

    /**
     * A failed system call.
     *
     * @param message   what failed, with the numbers
     * @param errno     the OS error number
     * @param errnoName its symbolic name, e.g. {@code "EINVAL"}
     */
    public ClockAdjustmentException(String message, int errno, String errnoName) {
        super(message);
        this.errno = errno;
        this.errnoName = errnoName;
    }

    /**
     * A failure that is not a system call's (e.g. the native library could not be loaded).
     *
     * @param message what failed
     * @param cause   why
     */
    public ClockAdjustmentException(String message, Throwable cause) {
        super(message, cause);
        this.errno = 0;
        this.errnoName = "";
    }

    /**
     * The OS error number, or 0 when not from a system call.
     *
     * @return the error number, or 0
     */
    public int errno() {
        return errno;
    }

    /**
     * The symbolic errno, e.g. {@code "EPERM"}, or empty.
     *
     * @return the name, or empty
     */
    public String errnoName() {
        return errnoName;
    }
}
