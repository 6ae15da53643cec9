package dev.tsq.wire;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
                          @Nullable Metadata metadata, List<UnknownTlv> unknown, int paddingBytes) {

    /**
     * A request.
     *
     * @param nonce            the 16-byte nonce, echoed by the server
     * @param precisionMode    Precision Mode Request (250): asks for a response of the same size
     * @param signatureRequest Signature Request (252): the response must carry a valid Signature Block
     * @param metadataQuery    Metadata Query Request (247): asks for the server's Metadata
     * @param metadata         the client's own annotations, or {@code null}
     * @param unknown          TLVs of unassigned types, kept as received (never null)
     * @param paddingBytes     wire bytes taken by Padding TLVs, headers included: 0, or at least 2
     * @throws NullPointerException     when {@code nonce} or {@code unknown} is null
     * @throws IllegalArgumentException when {@code paddingBytes} is 1, negative or beyond the codec's bound
     */
    public TimeRequest {
        Objects.requireNonNull(nonce, "nonce");
        unknown = List.copyOf(Objects.requireNonNull(unknown, "unknown"));
        Padding.check(paddingBytes);
    }

    /**
     * The bare request the reference clients send: just the Nonce (18 bytes).
     *
     * @param nonce the nonce
     * @return the request
     */
    public static TimeRequest of(Nonce nonce) {
        return new TimeRequest(nonce, false, false, false, null, List.of(), 0);
    }

    /**
     * A builder for a request with this nonce; every option starts off.
     *
     * @param nonce the nonce
     * @return the builder
     */
    public static Builder builder(Nonce nonce) {
        return new Builder(nonce);
    }

    /**
     * Length of this request on the wire.
     *
     * @return the bytes {@link MessageCodec#encode(TimeRequest)} writes
     */
    public int encodedLength() {
        return MessageCodec.encodedLength(this);
    }

    /**
     * A copy with {@code paddingBytes} of padding.
     *
     * @param paddingBytes wire bytes of Padding TLVs: 0, or at least 2
     * @return the copy
     */
    public TimeRequest withPadding(int paddingBytes) {
        return new TimeRequest(nonce, precisionMode, signatureRequest, metadataQuery, metadata, unknown, paddingBytes);
    }

    /** Builds a {@link TimeRequest}; each setter checks its argument. */
    public static final class Builder {
        private final Nonce nonce;
        private boolean precisionMode;
        private boolean signatureRequest;
        private boolean metadataQuery;
        private @Nullable Metadata metadata;
        private List<UnknownTlv> unknown = List.of();
        private int paddingBytes;

        private Builder(Nonce nonce) {
            this.nonce = Objects.requireNonNull(nonce, "nonce");
        }

        /**
         * Precision Mode Request (250): ask for a response of the request's size (default off).
         *
         * @param on whether to ask
         * @return this builder
         */
        public Builder precisionMode(boolean on) {
            this.precisionMode = on;
            return this;
        }

        /**
         * Signature Request (252): ask for a signed response (default off).
         *
         * @param on whether to ask
         * @return this builder
         */
        public Builder signatureRequest(boolean on) {
            this.signatureRequest = on;
            return this;
        }

        /**
         * Metadata Query Request (247): ask for the server's Metadata (default off).
         *
         * @param on whether to ask
         * @return this builder
         */
        public Builder metadataQuery(boolean on) {
            this.metadataQuery = on;
            return this;
        }

        /**
         * The client's own Metadata (default none).
         *
         * @param metadata the pairs, or null for none
         * @return this builder
         */
        public Builder metadata(@Nullable Metadata metadata) {
            this.metadata = metadata;
            return this;
        }

        /**
         * TLVs of unassigned types to send (default none).
         *
         * @param unknown the TLVs, in order
         * @return this builder
         */
        public Builder unknown(List<UnknownTlv> unknown) {
            this.unknown = List.copyOf(Objects.requireNonNull(unknown, "unknown"));
            return this;
        }

        /**
         * Wire bytes of Padding TLVs, headers included (default 0).
         *
         * @param paddingBytes 0, or at least 2
         * @return this builder
         * @throws IllegalArgumentException for 1, a negative count or one beyond the codec's bound
         */
        public Builder paddingBytes(int paddingBytes) {
            Padding.check(paddingBytes);
            this.paddingBytes = paddingBytes;
            return this;
        }

        /**
         * The request.
         *
         * @return the request
         */
        public TimeRequest build() {
            return new TimeRequest(nonce, precisionMode, signatureRequest, metadataQuery, metadata, unknown, paddingBytes);
        }
    }
}
