package dev.tsq.server;

import dev.tsq.TsqException;

/** The server could not start (port in use, address not local, TLS set-up refused the key...). */
public class TsqServerException extends TsqException {
    private static final long serialVersionUID = 1L;

    /**
     * A start-up failure.
     *
     * @param message what could not be done, e.g. which port could not be bound
     * @param cause   the underlying failure
     */
    public TsqServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
