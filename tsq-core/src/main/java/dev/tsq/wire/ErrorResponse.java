package dev.tsq.wire;

import java.util.Objects;

/**
 * An error response (streams only): the Error TLV alone, optionally followed by a Signature Block.
 *
 * @param error     the code and reason phrase
 * @param signature the Signature Block covering the Error TLV, or {@code null}
 */
public record ErrorResponse(ErrorTlv error, SignatureBlock signature) implements Response {
    public ErrorResponse {
        Objects.requireNonNull(error, "error");
    }

    public static ErrorResponse of(int code, String reason) {
        return new ErrorResponse(new ErrorTlv(code, reason), null);
    }
}
