package dev.tsq.cli;

import dev.tsq.auth.Keys;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tsq keygen}: signing keys for {@code serve --sign-*} and {@code query --trust-*}. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Generate a signing key: ed25519 (PRIVATE.pem + PRIVATE.pub.pem) or hmac (32 random bytes, hex).")
final class KeygenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ALGORITHM", description = "ed25519 or hmac")
    String algorithm;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the (private) key.")
    Path outFile;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        switch (algorithm) {
            case "ed25519" -> {
                KeyPair kp = Keys.generateEd25519();
                Files.writeString(outFile, Keys.toPem(kp.getPrivate()));
                Path pub = Path.of(outFile + ".pub.pem");
                Files.writeString(pub, Keys.toPem(kp.getPublic()));
                out.println("wrote " + outFile + " (private) and " + pub + " (public)");
            }
            case "hmac" -> {
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                Files.writeString(outFile, HexFormat.of().formatHex(secret) + "\n");
                out.println("wrote " + outFile + " (32-byte secret, hex)");
            }
            default -> throw new IllegalArgumentException("ALGORITHM: " + algorithm + " (expected: ed25519 or hmac)");
        }
        return TsqCli.OK;
    }
}
