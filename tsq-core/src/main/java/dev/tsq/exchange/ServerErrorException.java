package dev.tsq.exchange;

import dev.tsq.TsqException;
import dev.tsq.wire.ErrorTlv;

/** The server answered with an Error TLV (249); the request failed. */
public class ServerErrorException extends TsqException {
    private static final long serialVersionUID = 1L;
    /** The Error TLV the server sent. */
    private final ErrorTlv error;

    /**
     * The server's error.
     *
     * @param error the Error TLV it sent
     */
    public ServerErrorException(ErrorTlv error) {
        super("server error " + error.code() + " (" + error.codeName() + ")"
                + (error.reason().isEmpty() ? "" : ": " + error.reason()));
        this.error = error;
    }

    /**
     * The code and reason phrase the server sent.
     *
     * @return the Error TLV
     */
    public ErrorTlv error() {
        return error;
    }

    /**
     * The server's error code (see {@link ErrorTlv}).
     *
     * @return the code, 1-255
     */
    public int code() {
        return error.code();
    }
}
