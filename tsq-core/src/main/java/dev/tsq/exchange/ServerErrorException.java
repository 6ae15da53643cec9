package dev.tsq.exchange;

import dev.tsq.TsqException;
import dev.tsq.wire.ErrorTlv;

/** The server answered with an Error TLV (249); the request failed. */
public class ServerErrorException extends TsqException {
    private static final long serialVersionUID = 1L;
    private final ErrorTlv error;

    public ServerErrorException(ErrorTlv error) {
        super("server error " + error.code() + " (" + error.codeName() + ")"
                + (error.reason().isEmpty() ? "" : ": " + error.reason()));
        this.error = error;
    }

    /** The code and reason phrase the server sent. */
    public ErrorTlv error() {
        return error;
    }

    public int code() {
        return error.code();
    }
}
