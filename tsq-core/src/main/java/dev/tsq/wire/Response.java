package dev.tsq.wire;

/** A decoded TSQ response: either the time ({@link TimeResponse}) or a structured error ({@link ErrorResponse}). */
public sealed interface Response permits TimeResponse, ErrorResponse {
    /** The Signature Block, or {@code null} when the response is unsigned. */
    SignatureBlock signature();

    /** Length on the wire. */
    default int encodedLength() {
        return MessageCodec.encodedLength(this);
    }
}
