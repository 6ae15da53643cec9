package dev.tsq.spi;

/** The process may not adjust the clock (EPERM): on Linux it lacks the CAP_SYS_TIME capability. */
public class ClockPermissionException extends ClockAdjustmentException {
    private static final long serialVersionUID = 1L;

    /**
     * A refused clock change.
     *
     * @param message   what was refused and what the process lacks
     * @param errno     the OS error number (EPERM)
     * @param errnoName its symbolic name, {@code "EPERM"}
     */
    public ClockPermissionException(String message, int errno, String errnoName) {
        super(message, errno, errnoName);
    }
}
