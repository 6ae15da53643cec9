package dev.tsq;

/**
 * Root of every exception thrown by the TSQ libraries. Unchecked, so it travels through
 * {@code CompletableFuture}s unchanged; each subclass says what happened in its message.
 */
public class TsqException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TsqException(String message) {
        super(message);
    }

    public TsqException(String message, Throwable cause) {
        super(message, cause);
    }

    /** For hot-path rejections that are expected and counted, not debugged: no stack trace. */
    protected TsqException(String message, boolean withStackTrace) {
        super(message, null, false, withStackTrace);
    }
}
