package dev.tsq.wire;

import org.jspecify.annotations.Nullable;

/** A decoded TSQ response: either the time ({@link TimeResponse}) or a structured error ({@link ErrorResponse}). */
public sealed interface Response permits TimeResponse, ErrorResponse {
    /**
     * The Signature Block, or {@code null} when the response is unsigned.
     *
     * @return the Signature Block, or null
     */
    @Nullable SignatureBlock signature();

    /**
     * Length on the wire.
     *
     * @return the bytes {@link MessageCodec#encode(Response)} writes
     */
    default int encodedLength() {
        return MessageCodec.encodedLength(this);
    }
}
