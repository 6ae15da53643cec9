package dev.tsq.wire;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An error response (streams only): the Error TLV alone, optionally followed by a Signature Block.
 *
 * @param error     the code and reason phrase
 * @param signature the Signature Block covering the Error TLV, or {@code null}
 */
public record ErrorResponse(ErrorTlv error, @Nullable SignatureBlock signature) implements Response {
    /**
     * An error response.
     *
     * @param error     the code and reason phrase
     * @param signature the Signature Block covering the Error TLV, or {@code null}
     * @throws NullPointerException when {@code error} is null
     */
    public ErrorResponse {
        Objects.requireNonNull(error, "error");
    }

    /**
     * An unsigned error response.
     *
     * @param code   the error code, 1-255 (see {@link ErrorTlv})
     * @param reason the reason phrase, at most 253 UTF-8 bytes; may be empty
     * @return the response
     */
    public static ErrorResponse of(int code, String reason) {
        return new ErrorResponse(new ErrorTlv(code, reason), null);
    }
}
