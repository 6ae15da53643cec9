package dev.tsq.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.auth.Keys;
import dev.tsq.auth.Signer;
import dev.tsq.auth.Verifier;
import dev.tsq.sync.Anomaly;
import dev.tsq.sync.RejectedSample;
import dev.tsq.sync.Sample;
import dev.tsq.time.NtpTimestamp;
import dev.tsq.time.WallClock;
import dev.tsq.wire.ClockQuality;
import dev.tsq.wire.ErrorResponse;
import dev.tsq.wire.ErrorTlv;
import dev.tsq.wire.MessageCodec;
import dev.tsq.wire.Metadata;
import dev.tsq.wire.Nonce;
import dev.tsq.wire.TimeResponse;
import dev.tsq.wire.TimeSourceInfo;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Both halves of an exchange wired back to back, with fixed clocks: no network, no real clock. */
class ExchangeTest {
    private static final long T1 = 1_764_000_000_000_000_000L; // late 2025, epoch nanos
    private static final long MS = 1_000_000L;
    private static final byte[] HMAC_SECRET = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final KeyPair ED = Keys.generateEd25519();

    private static SecureRandom seeded() {
        SecureRandom r = new SecureRandom();
        r.setSeed(42);
        return r;
    }

    /** Runs one exchange with a server whose clock reads {@code serverAt} at T3, T2 given. */
    private static Reply roundTrip(ClientExchange client, ServerExchange server, long t2, long t4, TransportMode mode) {
        PendingRequest req = client.newRequest();
        byte[] out = new byte[ServerExchange.MAX_MESSAGE_BYTES];
        int n = server.respond(req.bytes(), 0, req.length(), t2, mode, out, 0);
        assertTrue(n > 0, "server answered");
        return client.complete(req, out, 0, n, T1, t4);
    }

    @Test
    void serverRunning250msAheadIsMeasuredAt250ms() {
        // path 1 ms each way, 0.2 ms processing, server clock +250 ms
        long t2 = T1 + MS + 250 * MS;
        long t3 = t2 + 200_000;
        long t4 = T1 + 2 * MS + 200_000;
        ServerExchange server = ServerExchange.builder().clock(WallClock.fixed(t3)).build();
        ClientExchange client = ClientExchange.builder().random(seeded()).build();
        Reply reply = roundTrip(client, server, t2, t4, TransportMode.DATAGRAM);
        Sample s = assertInstanceOf(Sample.class, reply.measurement());
        // NTP fractions round to ~0.23 ns, so the offset is exact to the nanosecond
        assertEquals(250 * MS, s.offsetNanos(), 1);
        assertEquals(2 * MS, s.delayNanos(), 1);
        assertFalse(reply.authenticated());
        assertEquals(18, reply.requestBytes());
        assertEquals(38, reply.responseBytes());
    }

    @Test
    void referenceBareRequestIsAnsweredInBothModes() {
        byte[] ref = HexFormat.of().parseHex("0110" + "0102030405060708090a0b0c0d0e0f10");
        ServerExchange server = ServerExchange.builder().clock(WallClock.fixed(T1)).build();
        for (TransportMode mode : TransportMode.values()) {
            byte[] out = new byte[ServerExchange.MAX_MESSAGE_BYTES];
            int n = server.respond(ref, 0, ref.length, T1 - 1000, mode, out, 0);
            // 01 10 <nonce> 02 08 <T2> 03 08 <T3>: 18 + 10 + 10 = 38 bytes, exactly what the reference servers send
            assertEquals(38, n, mode + ": the reference's bare response");
            TimeResponse r = (TimeResponse) MessageCodec.decodeResponse(out, 0, n);
            assertEquals(Nonce.read(ref, 2), r.nonce());
            assertEquals(NtpTimestamp.fromEpochNanos(T1 - 1000), r.receiveTimestamp());
            assertEquals(NtpTimestamp.fromEpochNanos(T1), r.sendTimestamp());
            assertArrayEquals(new byte[] {1, 16}, new byte[] {out[0], out[1]});
            assertEquals(2, out[18]);
            assertEquals(3, out[28]);
        }
    }

    @Test
    void t3LeadMovesOnlyT3AndIsReadBackFromTheResponse() {
        ServerExchange server = ServerExchange.builder().clock(WallClock.fixed(T1)).build();
        ClientExchange client = ClientExchange.builder().random(seeded()).build();
        PendingRequest req = client.newRequest();
        byte[] out = new byte[ServerExchange.MAX_MESSAGE_BYTES];
        int n = server.respond(req.bytes(), 0, req.length(), T1 - 5_000, TransportMode.DATAGRAM, out, 0, 12_345);
        TimeResponse r = (TimeResponse) MessageCodec.decodeResponse(out, 0, n);
        assertEquals(NtpTimestamp.fromEpochNanos(T1 - 5_000), r.receiveTimestamp(), "T2 as given");
        assertEquals(NtpTimestamp.fromEpochNanos(T1 + 12_345), r.sendTimestamp(), "T3 = clock + lead");
        assertEquals(NtpTimestamp.fromEpochNanos(T1 + 12_345), ServerExchange.sendTimestampBits(out, 0, n));
        // an Error response (stream) has no T3
        byte[] bad = {1, 2, 3};
        int e = server.respond(bad, 0, bad.length, T1, TransportMode.STREAM, out, 0, 12_345);
        assertTrue(e > 0);
        assertEquals(0, ServerExchange.sendTimestampBits(out, 0, e));
        assertEquals(0, ServerExchange.sendTimestampBits(out, 0, 10));
    }

    @Test
    void malformedRequestGetsErrorOnStreamsAndSilenceOnDatagrams() {
        Map<RejectReason, Integer> rejected = new EnumMap<>(RejectReason.class);
        ServerExchange server = ServerExchange.builder().clock(WallClock.fixed(T1)).listener(new ServerExchange.Listener() {
            @Override
            public void rejected(TransportMode mode, RejectReason reason, String detail) {
                rejected.merge(reason, 1, Integer::sum);
            }
        }).build();
        byte[] bad = HexFormat.of().parseHex("0210" + "00".repeat(16)); // T2 where the nonce must be
        byte[] out = new byte[ServerExchange.MAX_MESSAGE_BYTES];
        assertEquals(0, server.respond(bad, 0, bad.length, T1, TransportMode.DATAGRAM, out, 0));
        int n = server.respond(bad, 0, bad.length, T1, TransportMode.STREAM, out, 0);
        ErrorResponse e = assertInstanceOf(ErrorResponse.class, MessageCodec.decodeResponse(out, 0, n));
        assertEquals(ErrorTlv.MALFORMED_REQUEST, e.error().code());
        assertTrue(e.error().reason().contains("WRONG_DIRECTION") || e.error().reason().contains("NONCE"), e.error().reason());
        assertEquals(2, rejected.get(RejectReason.MALFORMED));
    }

    @Test
    void oversizedRequestIsRefused() {
        ServerExchange server = ServerExchange.builder().clock(WallClock.fixed(T1)).maxRequestBytes(100).build();
        ClientExchange client = ClientExchange.builder().precisionMode(true).precisionSize(200).build();
        PendingRequest req = client.newRequest();
        byte[] out = new byte[ServerExchange.MAX_MESSAGE_BYTES];
        assertEquals(0, server.respond(req.bytes(), 0, req.length(), T1, TransportMode.DATAGRAM, out, 0));
        int n = server.respond(req.bytes(), 0, req.length(), T1, TransportMode.STREAM, out, 0);
        ServerErrorException ex = assertThrows(ServerErrorException.class, () -> client.complete(req, out, 0, n, T1, T1 + MS));
        assertEquals(ErrorTlv.REQUEST_TOO_LARGE, ex.code());
    }

    @Test
    void signedResponsesVerifyPerAlgorithm() {
        Verifier verifier = Verifier.builder().ed25519(7, ED.getPublic()).hmacSha256(9, HMAC_SECRET).build();
        for (Signer signer : List.of(Signer.ed25519(7, ED.getPrivate()), Signer.hmacSha256(9, HMAC_SECRET))) {
            ServerExchange server = ServerExchange.builder().clock(WallClock.fixed(T1 + MS)).signer(signer).build();
            ClientExchange client = ClientExchange.builder().requestSignature(true).verifier(verifier).build();
            Reply reply = roundTrip(client, server, T1 + MS, T1 + 2 * MS, TransportMode.STREAM);
            assertTrue(reply.authenticated(), signer.toString());
            assertEquals(signer.algorithm(), reply.response().signature().algorithm());
            assertEquals(signer.keyId(), reply.response().signature().keyId());
        }
    }

    @Test
    void everyTamperedByteOfASignedResponseIsRejected() {
        Signer signer = Signer.ed25519(1, ED.getPrivate());
        ServerExchange server = ServerExchange.builder().clock(WallClock.fixed(T1 + MS)).signer(signer).build();
        ClientExchange client = ClientExchange.builder().requestSignature(true)
                .verifier(Verifier.builder().ed25519(1, ED.getPublic()).build()).build();
        PendingRequest req = client.newRequest();
        byte[] out = new byte[ServerExchange.MAX_MESSAGE_BYTES];
        int n = server.respond(req.bytes(), 0, req.length(), T1 + MS, TransportMode.STREAM, out, 0);
        assertTrue(client.complete(req, out, 0, n, T1, T1 + 2 * MS).authenticated());
        // Flip one bit in each byte of T2, T3 and the signature: never accepted.
        for (int i = 20; i < n; i++) {
            if (i >= 38 && i < 38 + 9) {
                continue; // TLV header / key id of the signature block: covered by other rejections
            }
            byte[] copy = out.clone();
            copy[i] ^= 0x01;
            int at = i;
            ResponseRejectedException ex = assertThrows(ResponseRejectedException.class,
                    () -> client.complete(req, copy, 0, n, T1, T1 + 2 * MS), "byte " + at);
            assertTrue(ex.reason() == ResponseRejectedException.Reason.BAD_SIGNATURE
                    || ex.reason() == ResponseRejectedException.Reason.MALFORMED, ex.getMessage());
        }
    }

    @Test
    void missingOrUntrustedSignatureIsUnauthenticated() {
        ClientExchange client = ClientExchange.builder().requestSignature(true)
                .verifier(Verifier.builder().hmacSha256(1, HMAC_SECRET).build()).build();
        PendingRequest req = client.newRequest();
        // a server that ignores the Signature Request (like the reference): no block
        byte[] unsigned = MessageCodec.encode(TimeResponse.of(req.nonce(), NtpTimestamp.fromEpochNanos(T1), NtpTimestamp.fromEpochNanos(T1)));
        UnauthenticatedResponseException e1 = assertThrows(UnauthenticatedResponseException.class,
                () -> client.complete(req, unsigned, 0, unsigned.length, T1, T1 + MS));
        assertEquals(ResponseRejectedException.Reason.UNAUTHENTICATED, e1.reason());
        // signed with a key id the client does not trust
        ServerExchange other = ServerExchange.builder().clock(WallClock.fixed(T1)).signer(Signer.hmacSha256(2, HMAC_SECRET)).build();
        byte[] out = new byte[ServerExchange.MAX_MESSAGE_BYTES];
        int n = other.respond(req.bytes(), 0, req.length(), T1, TransportMode.STREAM, out, 0);
        UnauthenticatedResponseException e2 = assertThrows(UnauthenticatedResponseException.class,
                () -> client.complete(req, out, 0, n, T1, T1 + MS));
        assertEquals(ResponseRejectedException.Reason.UNAUTHENTICATED, e2.reason());
    }

    @Test
    void signatureRequestWithoutServerKeyIsRefused() {
        ServerExchange server = ServerExchange.builder().clock(WallClock.fixed(T1)).build();
        ClientExchange client = ClientExchange.builder().requestSignature(true)
                .verifier(Verifier.builder().hmacSha256(1, HMAC_SECRET).build()).build();
        PendingRequest req = client.newRequest();
        byte[] out = new byte[ServerExchange.MAX_MESSAGE_BYTES];
        assertEquals(0, server.respond(req.bytes(), 0, req.length(), T1, TransportMode.DATAGRAM, out, 0));
        int n = server.respond(req.bytes(), 0, req.length(), T1, TransportMode.STREAM, out, 0);
        ServerErrorException ex = assertThrows(ServerErrorException.class, () -> client.complete(req, out, 0, n, T1, T1 + MS));
        assertEquals(ErrorTlv.UNSUPPORTED_TLV, ex.code());
    }

    @Test
    void precisionModeGivesEqualSizesWithAndWithoutSignatureAndOptions() {
        Signer signer = Signer.ed25519(3, ED.getPrivate());
        Verifier verifier = Verifier.builder().ed25519(3, ED.getPublic()).build();
        ServerExchange server = ServerExchange.builder().clock(WallClock.fixed(T1 + MS)).signer(signer)
                .clockQuality(new ClockQuality(ClockQuality.GNSS, 5, 20, "gpsdo"))
                .timeSourceInfo(new TimeSourceInfo(1, TimeSourceInfo.GPS, "lab"))
                .metadata(Metadata.of("site", "us-east")).build();
        for (boolean signed : new boolean[] {false, true}) {
            // signed, with every option, the acknowledged response needs 148 bytes: 160 is the tightest fit here
            for (int size : new int[] {160, 256, 1200}) {
                ClientExchange client = ClientExchange.builder().precisionSize(size).requirePrecision(true)
                        .requestSignature(signed).verifier(verifier).metadataQuery(true).build();
                Reply reply = roundTrip(client, server, T1 + MS, T1 + 2 * MS, TransportMode.DATAGRAM);
                assertTrue(reply.precisionAcknowledged());
                assertEquals(size, reply.requestBytes());
                assertEquals(size, reply.responseBytes(), "signed=" + signed + " size=" + size);
                assertEquals(signed, reply.authenticated());
                assertEquals("us-east", reply.response().metadata().get("site").orElseThrow());
            }
        }
    }

    @Test
    void precisionModeIsNotAcknowledgedWhenSizesCannotMatch() {
        ServerExchange server = ServerExchange.builder().clock(WallClock.fixed(T1)).build();
        // natural acked response is 40 bytes; a 41-byte request leaves a 1-byte gap no Padding TLV can fill
        byte[] req41 = MessageCodec.encode(dev.tsq.wire.TimeRequest.builder(new Nonce(1, 2)).precisionMode(true).paddingBytes(21).build());
        assertEquals(41, req41.length);
        byte[] out = new byte[ServerExchange.MAX_MESSAGE_BYTES];
        int n = server.respond(req41, 0, 41, T1, TransportMode.DATAGRAM, out, 0);
        TimeResponse r = (TimeResponse) MessageCodec.decodeResponse(out, 0, n);
        assertFalse(r.precisionAck());
        assertEquals(38, n);
        // a server with Precision Mode off never acknowledges
        ServerExchange off = ServerExchange.builder().clock(WallClock.fixed(T1)).precisionMode(false).build();
        ClientExchange strict = ClientExchange.builder().requirePrecision(true).build();
        PendingRequest req = strict.newRequest();
        int m = off.respond(req.bytes(), 0, req.length(), T1, TransportMode.DATAGRAM, out, 0);
        ResponseRejectedException ex = assertThrows(ResponseRejectedException.class, () -> strict.complete(req, out, 0, m, T1, T1 + MS));
        assertEquals(ResponseRejectedException.Reason.PRECISION_NOT_ACKNOWLEDGED, ex.reason());
    }

    @Test
    void acknowledgedPrecisionWithWrongSizeIsRejected() {
        ClientExchange client = ClientExchange.builder().precisionMode(true).build();
        PendingRequest req = client.newRequest();
        TimeResponse r = new TimeResponse(req.nonce(), NtpTimestamp.fromEpochNanos(T1), NtpTimestamp.fromEpochNanos(T1),
                true, null, null, null, List.of(), 0, null);
        byte[] b = MessageCodec.encode(r);
        ResponseRejectedException ex = assertThrows(ResponseRejectedException.class, () -> client.complete(req, b, 0, b.length, T1, T1 + MS));
        assertEquals(ResponseRejectedException.Reason.PRECISION_SIZE_MISMATCH, ex.reason());
    }

    @Test
    void nonceMismatchIsRejected() {
        ClientExchange client = ClientExchange.builder().build();
        PendingRequest req = client.newRequest();
        Nonce other = new Nonce(req.nonce().hi(), req.nonce().lo() ^ 1);
        byte[] b = MessageCodec.encode(TimeResponse.of(other, NtpTimestamp.fromEpochNanos(T1), NtpTimestamp.fromEpochNanos(T1)));
        ResponseRejectedException ex = assertThrows(ResponseRejectedException.class, () -> client.complete(req, b, 0, b.length, T1, T1 + MS));
        assertEquals(ResponseRejectedException.Reason.NONCE_MISMATCH, ex.reason());
    }

    @Test
    void malformedResponseIsRejectedWithTheBrokenRule() {
        ClientExchange client = ClientExchange.builder().build();
        PendingRequest req = client.newRequest();
        byte[] b = MessageCodec.encode(TimeResponse.of(req.nonce(), 1, 2));
        byte[] cut = java.util.Arrays.copyOf(b, b.length - 3);
        ResponseRejectedException ex = assertThrows(ResponseRejectedException.class, () -> client.complete(req, cut, 0, cut.length, T1, T1 + MS));
        assertEquals(ResponseRejectedException.Reason.MALFORMED, ex.reason());
        assertTrue(ex.getMessage().contains("TLV_OVERRUN"), ex.getMessage());
    }

    @Test
    void anomalousTimestampsGiveARejectedSampleNotANumber() {
        // server says it sent before it received
        long t2 = T1 + 5 * MS;
        ServerExchange server = ServerExchange.builder().clock(WallClock.fixed(t2 - MS)).build();
        ClientExchange client = ClientExchange.builder().build();
        Reply reply = roundTrip(client, server, t2, T1 + 2 * MS, TransportMode.DATAGRAM);
        RejectedSample r = assertInstanceOf(RejectedSample.class, reply.measurement());
        assertEquals(Anomaly.SERVER_TIME_REVERSED, r.anomaly());
    }

    @Test
    void metadataOnlyWhenAskedClockQualityAndSourceAlways() {
        ServerExchange server = ServerExchange.builder().clock(WallClock.fixed(T1))
                .clockQuality(new ClockQuality(ClockQuality.NTP_SYNCHRONIZED, 500, 50, "ntp-v4"))
                .timeSourceInfo(new TimeSourceInfo(2, TimeSourceInfo.NTP, "ntp.example.com"))
                .metadata(Metadata.of("site", "us-east", "region", "1")).build();
        Reply plain = roundTrip(ClientExchange.builder().build(), server, T1, T1 + MS, TransportMode.STREAM);
        assertNull(plain.response().metadata());
        assertEquals("ntp-v4", plain.response().clockQuality().sourceClassTag());
        assertEquals(2, plain.response().timeSourceInfo().stratum());
        Reply asked = roundTrip(ClientExchange.builder().metadataQuery(true).build(), server, T1, T1 + MS, TransportMode.STREAM);
        assertNotNull(asked.response().metadata());
        assertEquals(List.of("region", "site"), List.copyOf(asked.response().metadata().asMap().keySet()));
    }

    @Test
    void requestsCarryFreshNoncesFromTheInjectedRandom() {
        ClientExchange a = ClientExchange.builder().random(seeded()).build();
        List<Nonce> seen = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Nonce n = a.newRequest().nonce();
            assertFalse(seen.contains(n), "nonce repeated");
            seen.add(n);
        }
    }

    @Test
    void buildersCheckTheirArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerExchange.builder().maxRequestBytes(5000));
        assertTrue(e.getMessage().startsWith("maxRequestBytes: 5000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClientExchange.builder().precisionSize(10));
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> ClientExchange.builder().requestSignature(true).build());
        assertTrue(s.getMessage().contains("verifier"), s.getMessage());
        assertThrows(IllegalStateException.class, () -> ServerExchange.builder().alwaysSign(true).build());
    }

    @Test
    void serverSurvivesAnyInputAndNeverThrows() {
        ServerExchange server = ServerExchange.builder().clock(WallClock.fixed(T1))
                .signer(Signer.hmacSha256(1, HMAC_SECRET)).metadata(Metadata.of("a", "b")).build();
        SplittableRandom rnd = new SplittableRandom(7);
        byte[] out = new byte[ServerExchange.MAX_MESSAGE_BYTES];
        byte[] valid = MessageCodec.encode(dev.tsq.wire.TimeRequest.builder(new Nonce(3, 4)).precisionMode(true)
                .signatureRequest(true).metadataQuery(true).paddingBytes(100).build());
        int answered = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] in;
            if (i % 2 == 0) {
                in = new byte[rnd.nextInt(0, 1500)];
                rnd.nextBytes(in);
                if (in.length >= 2 && rnd.nextBoolean()) {
                    in[0] = 1;
                    in[1] = 16;
                }
            } else {
                in = valid.clone();
                in[rnd.nextInt(in.length)] = (byte) rnd.nextInt(256);
            }
            for (TransportMode mode : TransportMode.values()) {
                int n = server.respond(in, 0, in.length, T1, mode, out, 0);
                assertTrue(n >= 0 && n <= out.length);
                if (n > 0) {
                    // whatever we send must itself be a well-formed response
                    MessageCodec.validate(out, 0, n, true);
                    answered++;
                }
            }
        }
        assertTrue(answered > 0);
    }
}
