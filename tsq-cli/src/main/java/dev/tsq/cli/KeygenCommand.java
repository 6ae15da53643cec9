package dev.tsq.cli;

import dev.tsq.auth.Keys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code tsq keygen}: signing keys for {@code serve --sign-*} and {@code query --trust-*}. Secrets are written with
 * mode 0600 into a file that did not exist ({@code CREATE_NEW}: never through a symbolic link, never over another
 * file); {@code --force} replaces an existing regular file (by an atomic rename of a fresh 0600 file, so the old
 * file's mode and hard links never see the new secret), never a symbolic link.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Generate a signing key: ed25519 (PRIVATE.pem + PRIVATE.pub.pem) or hmac (32 random bytes, hex).",
                "Secret files get mode 0600; an existing file is replaced only with --force; symbolic links are refused."})
final class KeygenCommand implements Callable<Integer> {
    private static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ALGORITHM", description = "ed25519 or hmac")
    String algorithm;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the (private) key.")
    Path outFile;

    @Option(names = "--force", description = "Replace existing key files (never a symbolic link).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        switch (algorithm) {
            case "ed25519" -> {
                Path pub = Path.of(outFile + ".pub.pem");
                checkTarget(outFile);
                checkTarget(pub);
                KeyPair kp = Keys.generateEd25519();
                write(outFile, Keys.toPem(kp.getPrivate()), SECRET);
                write(pub, Keys.toPem(kp.getPublic()), PUBLIC);
                out.println("wrote " + outFile + " (private, mode 0600) and " + pub + " (public)");
            }
            case "hmac" -> {
                checkTarget(outFile);
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                write(outFile, HexFormat.of().formatHex(secret) + "\n", SECRET);
                out.println("wrote " + outFile + " (32-byte secret, hex, mode 0600)");
            }
            default -> throw new IllegalArgumentException("ALGORITHM: " + algorithm + " (expected: ed25519 or hmac)");
        }
        return TsqCli.OK;
    }

    /** Refuses a symbolic link always, and an existing file unless --force, before any key is generated. */
    private void checkTarget(Path p) {
        if (Files.isSymbolicLink(p)) {
            throw new IllegalArgumentException("--out: " + p + " is a symbolic link (expected: a plain path; keys are"
                    + " never written through a link)");
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            if (!force) {
                throw new IllegalArgumentException("--out: " + p + " exists (expected: a new file, or --force to replace it)");
            }
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("--out: " + p + " is not a regular file (expected: a file to replace)");
            }
        }
    }

    /**
     * Writes {@code text} to a new file with {@code perms}. Without --force the target itself is created with
     * CREATE_NEW (O_EXCL: fails on any existing file or link). With --force a new file is created the same way next
     * to it and renamed over it atomically; a rename replaces a link itself, never what it points to.
     */
    private void write(Path target, String text, Set<PosixFilePermission> perms) throws IOException {
        if (!force || !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            createNew(target, text, perms);
            return;
        }
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + Long.toHexString(new SecureRandom().nextLong()));
        try {
            createNew(tmp, text, perms);
            if (Files.isSymbolicLink(target)) { // appeared since the check: still never replace a link
                throw new IllegalArgumentException("--out: " + target + " is a symbolic link (expected: a plain path)");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void createNew(Path p, String text, Set<PosixFilePermission> perms) throws IOException {
        boolean posix = p.toAbsolutePath().getParent().getFileSystem().supportedFileAttributeViews().contains("posix");
        Set<OpenOption> opts = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel ch = Files.newByteChannel(p, opts, attrs)) {
            if (posix) {
                Files.setPosixFilePermissions(p, perms); // exactly these bits, whatever the umask removed
            }
            ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("--out: " + p + " exists (expected: a new file, or --force to replace it)");
        }
    }
}
