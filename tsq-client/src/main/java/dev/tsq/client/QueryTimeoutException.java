package dev.tsq.client;

import dev.tsq.TsqException;

/** No valid response arrived within the query timeout (after every datagram retry or fallback). */
public class QueryTimeoutException extends TsqException {
    private static final long serialVersionUID = 1L;

    /**
     * The failure.
     *
     * @param message what happened, with the server and the numbers
     */
    public QueryTimeoutException(String message) {
        super(message, false);
    }
}
