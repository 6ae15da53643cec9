package dev.tsq.exchange;

/**
 * A response that must be authenticated is not: no Signature Block where one was requested, a key that is
 * not trusted, or a signature that does not verify ({@link Reason#BAD_SIGNATURE}).
 */
public class UnauthenticatedResponseException extends ResponseRejectedException {
    private static final long serialVersionUID = 1L;

    /**
     * An unauthenticated response.
     *
     * @param reason  {@link Reason#UNAUTHENTICATED} or {@link Reason#BAD_SIGNATURE}
     * @param message the details: which key id, what was missing
     */
    public UnauthenticatedResponseException(Reason reason, String message) {
        super(reason, message);
    }
}
