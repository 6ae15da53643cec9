package dev.tsq.daemon;

import dev.tsq.engine.DriftState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The drift file (chrony's format, {@link DriftState#format()}): read at start, written atomically (temp + rename). */
public final class DriftFile {
    private static final Logger LOG = LoggerFactory.getLogger(DriftFile.class);

    private DriftFile() {
    }

    /** The saved state, or null when the file is absent or unreadable (logged). */
    public static DriftState read(Path file) {
        if (file == null || !Files.exists(file)) {
            return null;
        }
        try {
            return DriftState.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("ignoring drift file {}: {}", file, e.getMessage());
            return null;
        }
    }

    /**
     * Writes {@code state}: a temporary file in the same directory, forced to disk, then renamed over
     * {@code file}, so that a reader sees the old content or the new, never a torn write.
     */
    public static void write(Path file, DriftState state) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(state.format().getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
