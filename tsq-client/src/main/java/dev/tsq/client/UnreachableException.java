package dev.tsq.client;

import dev.tsq.TsqException;

/** The server could not be reached: unknown host, no answer to the handshake, or the connection was lost. */
public class UnreachableException extends TsqException {
    private static final long serialVersionUID = 1L;

    /**
     * The failure.
     *
     * @param message which server could not be reached, and how
     * @param cause   the underlying failure (e.g. a resolution or socket error)
     */
    public UnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
