package dev.tsq.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tsq.engine.DriftState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftFileTest {
    @TempDir
    Path dir;

    @Test
    void writesAtomicallyAndReadsBack() throws Exception {
        Path f = dir.resolve("drift");
        assertNull(DriftFile.read(f));
        DriftFile.write(f, new DriftState(-49.987654, 0.25));
        assertEquals("-49.987654 0.250000\n", Files.readString(f));
        DriftFile.write(f, new DriftState(12.5, 0.1));
        assertEquals(new DriftState(12.5, 0.1), DriftFile.read(f));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(1, left.count(), "no temporary file left beside the drift file");
        }
    }

    @Test
    void aCorruptFileIsIgnored() throws Exception {
        Path f = dir.resolve("drift");
        Files.writeString(f, "garbage");
        assertNull(DriftFile.read(f));
    }
}
