package dev.tsq.exchange;

/**
 * A response that must be authenticated is not: no Signature Block where one was requested, a key that is
 * not trusted, or a signature that does not verify ({@link Reason#BAD_SIGNATURE}).
 */
public class UnauthenticatedResponseException extends ResponseRejectedException {
    private static final long serialVersionUID = 1L;

    public UnauthenticatedResponseException(Reason reason, String message) {
        super(reason, message);
    }
}
