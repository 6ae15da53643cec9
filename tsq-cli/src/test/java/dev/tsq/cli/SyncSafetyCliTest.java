package dev.tsq.cli;

import dev.tsq.bench.Fmt;

import static dev.tsq.cli.CliTest.number;
import static dev.tsq.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tsq.TsqException;
import dev.tsq.auth.Keys;
import dev.tsq.auth.Signer;
import dev.tsq.cli.CliTest.Result;
import dev.tsq.client.ServerReport;
import dev.tsq.client.SyncReport;
import dev.tsq.server.TsqServer;
import dev.tsq.sync.Combiner;
import dev.tsq.sync.ServerSamples;
import dev.tsq.sync.SyncPolicy;
import dev.tsq.time.WallClock;
import dev.tsq.wire.Metadata;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tsq sync}'s safety flags, output escaping and {@code tsq keygen}'s file handling, against loopback servers. */
class SyncSafetyCliTest {
    private static final long MS = 1_000_000L;
    private static final List<TsqServer> SERVERS = new ArrayList<>();
    /** Signed, +250 ms, with hostile metadata. */
    private static String a;
    /** Signed, +250 ms. */
    private static String b;
    /** Unsigned, +250 ms. */
    private static String plain;
    /** Unsigned, +5 s. */
    private static String liar;
    private static int aPort;
    private static Path ca;
    private static Path pub;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void servers() throws Exception {
        KeyPair kp = Keys.generateEd25519();
        pub = tmp.resolve("trusted.pub.pem");
        Files.writeString(pub, Keys.toPem(kp.getPublic()));
        StringBuilder pem = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            TsqServer.Builder sb = TsqServer.builder().bindAddress("127.0.0.1").port(0).selfSigned()
                    .clock(WallClock.SYSTEM.offsetBy(i == 3 ? 5_000 * MS : 250 * MS)).noRateLimit();
            if (i < 2) {
                sb.signer(Signer.ed25519(7, kp.getPrivate()));
            }
            if (i == 0) {
                sb.metadata(Metadata.of("site", "lab\u001b[31mRED\u0007\u202eevil\nnext"));
            }
            TsqServer s = sb.build().start();
            SERVERS.add(s);
            pem.append(ServeCommand.toPem(s.certificateChain()));
        }
        aPort = SERVERS.get(0).port();
        a = "127.0.0.1:" + aPort;
        b = "127.0.0.1:" + SERVERS.get(1).port();
        plain = "127.0.0.1:" + SERVERS.get(2).port();
        liar = "127.0.0.1:" + SERVERS.get(3).port();
        ca = tmp.resolve("ca.pem");
        Files.writeString(ca, pem);
    }

    @AfterAll
    static void stop() {
        SERVERS.forEach(TsqServer::close);
    }

    @Test
    void insecureAndNoHostnameCheckAreRefusedWithoutDryRunBeforeMeasuring() {
        Result r = run("sync", a, b, "--insecure");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("tsq sync: --insecure accepts any certificate, so anyone on the path could set"
                + " this clock: refused without --dry-run"), r.err());
        assertEquals("", r.out(), "nothing measured");
        Result h = run("sync", a, b, "--ca", ca.toString(), "--no-hostname-check");
        assertEquals(2, h.code(), h.out() + h.err());
        assertTrue(h.err().startsWith("tsq sync: --no-hostname-check accepts a certificate issued for another host"), h.err());
        Result dry = run("sync", a, b, "--insecure", "--dry-run", "--json");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("\"action\":\"step\""), dry.out());
    }

    @Test
    void twoOfThreeConfiguredDownIsRefusedWithExitThreeAndTheCounts() throws Exception {
        String dead1 = "127.0.0.1:" + CliTest.freePort();
        String dead2 = "127.0.0.1:" + CliTest.freePort();
        Result r = run("sync", a, dead1, dead2, "--ca", ca.toString(), "--dry-run", "--timeout-ms", "1000",
                "--connect-timeout-ms", "2000", "--json");
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("tsq sync: refused: no majority: 1 of 3 configured server(s) answered and at"
                + " most 1 agree (need at least 2"), r.err());
        assertTrue(r.out().contains("\"configured_servers\":3"), r.out());
    }

    @Test
    void minAgreeRaisesTheBar() {
        Result ok = run("sync", a, b, liar, "--ca", ca.toString(), "--dry-run", "--min-agree", "2", "--json");
        assertEquals(0, ok.code(), ok.err());
        Result strict = run("sync", a, b, liar, "--ca", ca.toString(), "--dry-run", "--min-agree", "3");
        assertEquals(3, strict.code(), strict.out() + strict.err());
        assertTrue(strict.err().contains("fewer than minAgreeingServers 3"), strict.err());
        Result tooMany = run("sync", a, b, liar, "--ca", ca.toString(), "--dry-run", "--min-agree", "4");
        assertEquals(2, tooMany.code());
        assertTrue(tooMany.err().contains("--min-agree: 4 (expected: 1-3, at most the number of servers)"), tooMany.err());
        assertEquals(2, run("sync", a, "--ca", ca.toString(), "--dry-run", "--min-agree", "0").code());
    }

    @Test
    void signedRequiresSignaturesAndTrustKeysImplyIt() {
        for (List<String> flags : List.of(List.of("--signed", "--trust-ed25519", pub.toString()),
                List.of("--trust-ed25519", pub.toString()))) {
            List<String> args = new ArrayList<>(List.of("sync", a, b, plain, "--ca", ca.toString(), "--dry-run",
                    "--key-id", "7", "--json"));
            args.addAll(flags);
            Result r = run(args.toArray(String[]::new));
            assertEquals(0, r.code(), flags + ": " + r.out() + r.err());
            assertTrue(r.out().contains("\"agreeing_servers\":[\"" + a + "\",\"" + b + "\"]"), r.out());
            String plainJson = r.out().substring(r.out().indexOf("\"server\":\"" + plain + "\""));
            assertTrue(plainJson.startsWith("\"server\":\"" + plain + "\",\"samples\":0,\"agreed\":false"), plainJson);
            assertTrue(plainJson.contains("\"rejected\":\"no_valid_samples\""), plainJson);
        }
        // one signed, one unsigned, one unsigned liar: 1 of 3, refused
        Result refused = run("sync", a, plain, liar, "--ca", ca.toString(), "--dry-run", "--key-id", "7",
                "--trust-ed25519", pub.toString());
        assertEquals(3, refused.code(), refused.out() + refused.err());
        Result noKey = run("sync", a, b, "--ca", ca.toString(), "--dry-run", "--signed");
        assertEquals(2, noKey.code());
        assertTrue(noKey.err().contains("--signed needs a trusted key"), noKey.err());
    }

    @Test
    void slewThresholdIsCheckedAgainstTheKernelsSlewRangeBeforeMeasuring() {
        Result r = run("sync", a, b, "--ca", ca.toString(), "--dry-run", "--slew-threshold", "600");
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals("tsq: --slew-threshold: 600.0 (expected: at most 500.0 ms, the kernel's slew range; larger offsets"
                + " are stepped)", r.err().strip());
        assertEquals("", r.out());
        Result at = run("sync", a, b, "--ca", ca.toString(), "--dry-run", "--slew-threshold", "500", "--json");
        assertEquals(0, at.code(), at.err());
        assertTrue(at.out().contains("\"action\":\"slew\""), at.out());
    }

    @Test
    void theDeadlineBoundsTheSyncAndNamesTheServerItCutOff() throws Exception {
        String dead = "127.0.0.1:" + CliTest.freePort();
        Result r = run("sync", a, b, dead, "--ca", ca.toString(), "--dry-run", "--deadline-ms", "3000",
                "--timeout-ms", "20000", "--connect-timeout-ms", "20000", "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        String deadJson = r.out().substring(r.out().indexOf("\"server\":\"" + dead + "\""));
        assertTrue(deadJson.contains("deadline: the sync's 3000 ms budget ran out before this query finished"), deadJson);
        assertTrue(number(r.out(), "duration_ms") < 20_000, "cut off by the deadline, not the 20 s timeouts");
        assertEquals(2, run("sync", a, "--ca", ca.toString(), "--dry-run", "--deadline-ms", "0").code());
    }

    @Test
    void aServerNamedTwiceIsAskedOnceWithAWarning() {
        Result r = run("sync", a, "localhost:" + aPort, b, "--ca", ca.toString(), "--dry-run", "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("tsq sync: warning: servers: localhost:" + aPort + " is the same server as " + a),
                r.err());
        assertTrue(r.out().contains("\"configured_servers\":2"), r.out());
    }

    @Test
    void serverSuppliedStringsAreEscapedInHumanOutput() {
        Result q = run("query", a, "--ca", ca.toString(), "--count", "1", "--metadata");
        assertEquals(0, q.code(), q.err());
        assertTrue(q.out().contains("lab\\x1b[31mRED\\x07\\u202eevil\\nnext"), q.out());
        for (char c : new char[] {'\u001b', '\u0007', '\u202e'}) {
            assertEquals(-1, q.out().indexOf(c), "raw control character " + (int) c + " in " + q.out());
        }
        assertTrue(q.out().lines().noneMatch(l -> l.startsWith("next")), "the newline in the value did not start a line");
        // JSON keeps the value exact (escaped the JSON way)
        Result j = run("query", a, "--ca", ca.toString(), "--count", "1", "--metadata", "--json");
        assertTrue(j.out().contains("lab\\u001b[31mRED\\u0007"), j.out());
    }

    @Test
    void syncHumanOutputEscapesFailureReasons() {
        String evil = "server said \u001b]0;owned\u0007 and \r\nAction: stepped the clock by +1 s";
        ServerReport s = new ServerReport("x:1", List.of(), List.of(new TsqException(evil)), null, null);
        var estimate = Combiner.DEFAULT.combine(List.of(new ServerSamples("x:1", List.of())));
        SyncReport r = new SyncReport(List.of(s), estimate, SyncPolicy.DEFAULT.decide(estimate), true, "dry-run", false,
                null, OptionalLong.empty(), 1, 1);
        StringWriter out = new StringWriter();
        SyncCommand.printHuman(new PrintWriter(out, true), r, false);
        assertTrue(out.toString().contains("  x:1: server said \\x1b]0;owned\\x07 and \\r\\nAction: stepped the clock by +1 s"),
                out.toString());
        assertFalse(out.toString().contains("\u001b"), out.toString());
        assertEquals(1, out.toString().lines().filter(l -> l.startsWith("Action:")).count(), out.toString());
    }

    @Test
    void escapeLeavesOrdinaryTextAloneAndEscapesEveryControl() {
        assertEquals("time.example:443 ± 1.0 ms, ünïcode", Fmt.escape("time.example:443 ± 1.0 ms, ünïcode"));
        assertEquals("a\\\\b\\t\\x00\\x7f\\x9b\\u2066", Fmt.escape("a\\b\t\u0000\u007f\u009b\u2066"));
        assertEquals("null", Fmt.escape(null));
    }

    @Test
    void keygenWritesSecretsWithMode0600NeverOverAFileOrThroughALink() throws Exception {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path key = tmp.resolve("k.pem");
        Result r = run("keygen", "ed25519", "--out", key.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(key + ".pub.pem"))));
        String first = Files.readString(key);

        Result again = run("keygen", "ed25519", "--out", key.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("exists (expected: a new file, or --force to replace it)"), again.err());
        assertEquals(first, Files.readString(key), "untouched without --force");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));
        Result forced = run("keygen", "ed25519", "--out", key.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertFalse(first.equals(Files.readString(key)), "replaced with --force");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)),
                "the new secret never takes the old file's mode");

        Path victim = tmp.resolve("victim.txt");
        Files.writeString(victim, "keep me");
        Path link = tmp.resolve("link.key");
        Files.createSymbolicLink(link, victim);
        for (String[] args : List.of(new String[] {"keygen", "hmac", "--out", link.toString()},
                new String[] {"keygen", "hmac", "--out", link.toString(), "--force"})) {
            Result l = run(args);
            assertEquals(2, l.code(), l.out());
            assertTrue(l.err().contains("is a symbolic link"), l.err());
        }
        assertEquals("keep me", Files.readString(victim));
        Path dangling = tmp.resolve("dangling.key");
        Files.createSymbolicLink(dangling, tmp.resolve("does-not-exist"));
        assertEquals(2, run("keygen", "hmac", "--out", dangling.toString()).code());
        assertFalse(Files.exists(tmp.resolve("does-not-exist")), "a dangling link is not followed either");

        Path hmac = tmp.resolve("h.key");
        assertEquals(0, run("keygen", "hmac", "--out", hmac.toString()).code());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(hmac)));
        assertEquals(65, Files.readString(hmac).length());
    }
}
