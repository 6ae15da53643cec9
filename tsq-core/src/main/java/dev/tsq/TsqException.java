package dev.tsq;

/**
 * Root of every exception thrown by the TSQ libraries. Unchecked, so it travels through
 * {@code CompletableFuture}s unchanged; each subclass says what happened in its message.
 */
public class TsqException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception that says what happened.
     *
     * @param message what happened, with the numbers
     */
    public TsqException(String message) {
        super(message);
    }

    /**
     * An exception that says what happened and why.
     *
     * @param message what happened, with the numbers
     * @param cause   the underlying failure
     */
    public TsqException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * For hot-path rejections that are expected and counted, not debugged: no stack trace.
     *
     * @param message        what happened
     * @param withStackTrace false to skip capturing the stack trace
     */
    protected TsqException(String message, boolean withStackTrace) {
        super(message, null, false, withStackTrace);
    }
}
