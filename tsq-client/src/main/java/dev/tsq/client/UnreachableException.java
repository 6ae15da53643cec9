package dev.tsq.client;

import dev.tsq.TsqException;

/** The server could not be reached: unknown host, no answer to the handshake, or the connection was lost. */
public class UnreachableException extends TsqException {
    private static final long serialVersionUID = 1L;

    public UnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
