package dev.tsq.exchange;

import dev.tsq.auth.Verifier;
import dev.tsq.sync.AnomalyBounds;
import dev.tsq.sync.Measurement;
import dev.tsq.sync.Sample;
import dev.tsq.wire.ErrorResponse;
import dev.tsq.wire.MessageCodec;
import dev.tsq.wire.Nonce;
import dev.tsq.wire.Response;
import dev.tsq.wire.TimeRequest;
import dev.tsq.wire.TimeResponse;
import dev.tsq.wire.WireFormatException;
import java.security.SecureRandom;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The client's half of one exchange, as pure logic: build a request with a fresh unpredictable nonce, then
 * validate the response that answers it and turn it into a measurement. The transport stamps T1 right before
 * it writes the request and T4 when the response arrives; this class never reads a clock.
 *
 * <p>Validation (draft 6.6, 6.4, 7, 8): the response must decode, must echo the nonce, must carry a Signature
 * Block that verifies when one was requested (a signature that is present but does not verify is always
 * rejected), must be the request's size when Precision Mode was acknowledged. Immutable and thread-safe.
 */
public final class ClientExchange {
    /** Default request size under Precision Mode: room for the response's timestamps, options and a signature. */
    public static final int DEFAULT_PRECISION_SIZE = 256;

    private final SecureRandom random;
    private final boolean precisionMode;
    private final boolean requirePrecision;
    private final int precisionSize;
    private final boolean requestSignature;
    private final boolean metadataQuery;
    private final Verifier verifier;
    private final AnomalyBounds anomalyBounds;

    private ClientExchange(Builder b) {
        this.random = b.random;
        this.precisionMode = b.precisionMode;
        this.requirePrecision = b.requirePrecision;
        this.precisionSize = b.precisionSize;
        this.requestSignature = b.requestSignature;
        this.metadataQuery = b.metadataQuery;
        this.verifier = b.verifier;
        this.anomalyBounds = b.anomalyBounds;
    }

    /**
     * A builder with the defaults: no Precision Mode, no signature, no Metadata Query, no trusted key.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A new request with a fresh nonce, encoded and ready to send.
     *
     * @return the pending request
     */
    public PendingRequest newRequest() {
        Nonce nonce = Nonce.random(random);
        TimeRequest request = TimeRequest.builder(nonce)
                .precisionMode(precisionMode)
                .signatureRequest(requestSignature)
                .metadataQuery(metadataQuery)
                .build();
        if (precisionMode) {
            int pad = precisionSize - request.encodedLength();
            request = request.withPadding(pad >= 2 ? pad : 0);
        }
        return new PendingRequest(request, MessageCodec.encode(request));
    }

    /**
     * Validates the response to {@code request} found in {@code buf[off, off+len)} and measures it.
     *
     * @param t1EpochNanos client time right before the request was written
     * @param t4EpochNanos client time when the response arrived
     * @throws ResponseRejectedException        the response is malformed, answers another request, or fails
     *                                          a Precision Mode check
     * @throws UnauthenticatedResponseException a required signature is missing or untrusted, or a signature does
     *                                          not verify
     * @throws ServerErrorException             the server answered with an Error TLV
     * @param request the request the response should answer
     * @param buf     the received bytes
     * @param off     where the response starts
     * @param len     the response's length
     * @return the validated response and its measurement (a sample, or an anomaly)
     */
    public Reply complete(PendingRequest request, byte[] buf, int off, int len, long t1EpochNanos, long t4EpochNanos) {
        Objects.requireNonNull(request, "request");
        Response decoded;
        try {
            decoded = MessageCodec.decodeResponse(buf, off, len);
        } catch (WireFormatException e) {
            throw new ResponseRejectedException(ResponseRejectedException.Reason.MALFORMED, e.getMessage(), e);
        }
        if (decoded instanceof ErrorResponse error) {
            throw new ServerErrorException(error.error());
        }
        TimeResponse response = (TimeResponse) decoded;
        if (!response.nonce().equals(request.nonce())) {
            throw new ResponseRejectedException(ResponseRejectedException.Reason.NONCE_MISMATCH,
                    "response echoes nonce " + response.nonce() + ", request had " + request.nonce());
        }
        boolean authenticated = authenticate(request, response, buf, off, len);
        boolean acknowledged = request.request().precisionMode() && response.precisionAck();
        if (acknowledged && len != request.length()) {
            throw new ResponseRejectedException(ResponseRejectedException.Reason.PRECISION_SIZE_MISMATCH,
                    "Precision Mode acknowledged but the response has " + len + " bytes, the request " + request.length());
        }
        if (requirePrecision && !acknowledged) {
            throw new ResponseRejectedException(ResponseRejectedException.Reason.PRECISION_NOT_ACKNOWLEDGED,
                    "the server did not acknowledge Precision Mode");
        }
        Measurement m = Sample.measure(t1EpochNanos, response.receiveEpochNanos(t1EpochNanos),
                response.sendEpochNanos(t1EpochNanos), t4EpochNanos, anomalyBounds);
        return new Reply(response, m, authenticated, acknowledged, request.length(), len);
    }

    private boolean authenticate(PendingRequest request, TimeResponse response, byte[] buf, int off, int len) {
        if (response.signature() == null) {
            if (request.request().signatureRequest()) {
                throw new UnauthenticatedResponseException(ResponseRejectedException.Reason.UNAUTHENTICATED,
                        "a signature was requested but the response has no Signature Block");
            }
            return false;
        }
        int signedLength = len - response.signature().tlvLength();
        Verifier.Result result = verifier.verify(response.signature(), buf, off, signedLength);
        switch (result) {
            case VALID:
                return true;
            case INVALID:
                throw new UnauthenticatedResponseException(ResponseRejectedException.Reason.BAD_SIGNATURE,
                        "the Signature Block (key id " + Integer.toUnsignedString(response.signature().keyId())
                                + ") does not verify: the response was altered or signed with another key");
            default:
                if (request.request().signatureRequest()) {
                    throw new UnauthenticatedResponseException(ResponseRejectedException.Reason.UNAUTHENTICATED,
                            "signed with " + result + " (algorithm " + response.signature().algorithm() + ", key id "
                                    + Integer.toUnsignedString(response.signature().keyId()) + ") that is not trusted");
                }
                return false;
        }
    }

    /**
     * Whether requests ask for Precision Mode.
     *
     * @return true when they do
     */
    public boolean precisionMode() {
        return precisionMode;
    }

    /**
     * Whether requests ask for a signed response.
     *
     * @return true when they do
     */
    public boolean requestSignature() {
        return requestSignature;
    }

    /**
     * Whether requests ask for the server's Metadata.
     *
     * @return true when they do
     */
    public boolean metadataQuery() {
        return metadataQuery;
    }

    /** Builds a {@link ClientExchange}; each setter checks its argument. */
    public static final class Builder {
        private @Nullable SecureRandom random;
        private boolean precisionMode;
        private boolean requirePrecision;
        private int precisionSize = DEFAULT_PRECISION_SIZE;
        private boolean requestSignature;
        private boolean metadataQuery;
        private Verifier verifier = Verifier.none();
        private AnomalyBounds anomalyBounds = AnomalyBounds.DEFAULT;

        private Builder() {
        }

        /**
         * Where nonces come from (default: a new {@link SecureRandom}); tests pass a seeded one.
         *
         * @param random the source of nonces
         * @return this builder
         */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Ask for Precision Mode: the request is padded to {@link #precisionSize} and the response must match.
         *
         * @param on whether to ask (default off)
         * @return this builder
         */
        public Builder precisionMode(boolean on) {
            this.precisionMode = on;
            return this;
        }

        /**
         * Fail exchanges whose server does not acknowledge Precision Mode (implies {@code precisionMode(true)}).
         *
         * @param on whether to require it (default off)
         * @return this builder
         */
        public Builder requirePrecision(boolean on) {
            this.requirePrecision = on;
            if (on) {
                this.precisionMode = true;
            }
            return this;
        }

        /**
         * Request size under Precision Mode (default 256); the server pads its response to it.
         *
         * @param bytes the request size, 64-1200
         * @return this builder
         * @throws IllegalArgumentException outside 64-1200
         */
        public Builder precisionSize(int bytes) {
            if (bytes < 64 || bytes > 1200) {
                throw new IllegalArgumentException("precisionSize: " + bytes + " (expected: 64-1200)");
            }
            this.precisionSize = bytes;
            return this;
        }

        /**
         * Ask for signed responses; needs {@link #verifier} with at least one trusted key.
         *
         * @param on whether to ask (default off)
         * @return this builder
         */
        public Builder requestSignature(boolean on) {
            this.requestSignature = on;
            return this;
        }

        /**
         * Ask for the server's Metadata.
         *
         * @param on whether to ask (default off)
         * @return this builder
         */
        public Builder metadataQuery(boolean on) {
            this.metadataQuery = on;
            return this;
        }

        /**
         * The trusted signing keys.
         *
         * @param verifier the keys (default {@link Verifier#none()})
         * @return this builder
         */
        public Builder verifier(Verifier verifier) {
            this.verifier = Objects.requireNonNull(verifier, "verifier");
            return this;
        }

        /**
         * Bounds for the anomaly checks (default: offsets beyond 24 h are anomalous).
         *
         * @param bounds the bounds
         * @return this builder
         */
        public Builder anomalyBounds(AnomalyBounds bounds) {
            this.anomalyBounds = Objects.requireNonNull(bounds, "anomalyBounds");
            return this;
        }

        /**
         * The exchange.
         *
         * @return the exchange
         * @throws IllegalStateException when signatures are requested but no key is trusted
         */
        public ClientExchange build() {
            if (requestSignature && verifier.isEmpty()) {
                throw new IllegalStateException("requestSignature: true needs a verifier with at least one trusted key");
            }
            if (random == null) {
                random = new SecureRandom();
            }
            return new ClientExchange(this);
        }
    }
}
