package dev.tsq.spi;

/** The process may not adjust the clock (EPERM): on Linux it lacks the CAP_SYS_TIME capability. */
public class ClockPermissionException extends ClockAdjustmentException {
    private static final long serialVersionUID = 1L;

    public ClockPermissionException(String message, int errno, String errnoName) {
        super(message, errno, errnoName);
    }
}
