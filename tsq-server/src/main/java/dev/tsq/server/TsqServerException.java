package dev.tsq.server;

import dev.tsq.TsqException;

/** The server could not start (port in use, address not local, TLS set-up refused the key...). */
public class TsqServerException extends TsqException {
    private static final long serialVersionUID = 1L;

    public TsqServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
