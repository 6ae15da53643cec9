package dev.tsq.spi;

/**
 * The adjuster does not implement the requested operation (the default of the {@link ClockAdjuster} methods added
 * for continuous discipline, so adjusters written before them keep compiling and fail clearly when asked).
 */
public class UnsupportedClockOperationException extends ClockAdjustmentException {
    private static final long serialVersionUID = 1L;
    private final String operation;

    public UnsupportedClockOperationException(String adjuster, String operation) {
        super(operation + " is not supported by the clock adjuster " + adjuster, 0, "");
        this.operation = operation;
    }

    /** The operation that was asked for, e.g. {@code "setFrequencyPpm"}. */
    public String operation() {
        return operation;
    }
}
