package dev.tsq.wire;

import java.util.List;
import java.util.Objects;

/**
 * A TSQ request. On the wire: Nonce first, then the flags (Metadata Query 247, Precision Mode 250,
 * Signature Request 252), Metadata (253), unknown TLVs, and Padding last.
 *
 * @param nonce            the 16-byte nonce, echoed by the server
 * @param precisionMode    Precision Mode Request (250): asks for a response of the same size
 * @param signatureRequest Signature Request (252): the response must carry a valid Signature Block
 * @param metadataQuery    Metadata Query Request (247): asks for the server's Metadata
 * @param metadata         the client's own annotations, or {@code null}
 * @param unknown          TLVs of unassigned types, kept as received (never null)
 * @param paddingBytes     wire bytes taken by Padding TLVs, headers included: 0, or at least 2
 */
public record TimeRequest(Nonce nonce, boolean precisionMode, boolean signatureRequest, boolean metadataQuery,
                          Metadata metadata, List<UnknownTlv> unknown, int paddingBytes) {

    public TimeRequest {
        Objects.requireNonNull(nonce, "nonce");
        unknown = List.copyOf(Objects.requireNonNull(unknown, "unknown"));
        Padding.check(paddingBytes);
    }

    /** The bare request the reference clients send: just the Nonce (18 bytes). */
    public static TimeRequest of(Nonce nonce) {
        return new TimeRequest(nonce, false, false, false, null, List.of(), 0);
    }

    public static Builder builder(Nonce nonce) {
        return new Builder(nonce);
    }

    /** Length of this request on the wire. */
    public int encodedLength() {
        return MessageCodec.encodedLength(this);
    }

    /** A copy with {@code paddingBytes} of padding. */
    public TimeRequest withPadding(int paddingBytes) {
        return new TimeRequest(nonce, precisionMode, signatureRequest, metadataQuery, metadata, unknown, paddingBytes);
    }

    /** Builds a {@link TimeRequest}; each setter checks its argument. */
    public static final class Builder {
        private final Nonce nonce;
        private boolean precisionMode;
        private boolean signatureRequest;
        private boolean metadataQuery;
        private Metadata metadata;
        private List<UnknownTlv> unknown = List.of();
        private int paddingBytes;

        private Builder(Nonce nonce) {
            this.nonce = Objects.requireNonNull(nonce, "nonce");
        }

        public Builder precisionMode(boolean on) {
            this.precisionMode = on;
            return this;
        }

        public Builder signatureRequest(boolean on) {
            this.signatureRequest = on;
            return this;
        }

        public Builder metadataQuery(boolean on) {
            this.metadataQuery = on;
            return this;
        }

        public Builder metadata(Metadata metadata) {
            this.metadata = metadata;
            return this;
        }

        public Builder unknown(List<UnknownTlv> unknown) {
            this.unknown = List.copyOf(Objects.requireNonNull(unknown, "unknown"));
            return this;
        }

        public Builder paddingBytes(int paddingBytes) {
            Padding.check(paddingBytes);
            this.paddingBytes = paddingBytes;
            return this;
        }

        public TimeRequest build() {
            return new TimeRequest(nonce, precisionMode, signatureRequest, metadataQuery, metadata, unknown, paddingBytes);
        }
    }
}
