package dev.tsq.client;

import dev.tsq.TsqException;

/** {@link QueryMode#DATAGRAM} was asked for but the server does not accept QUIC datagrams. */
public class DatagramsUnsupportedException extends TsqException {
    private static final long serialVersionUID = 1L;

    /**
     * The failure.
     *
     * @param message what happened, with the server and the numbers
     */
    public DatagramsUnsupportedException(String message) {
        super(message);
    }
}
