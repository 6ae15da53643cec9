package dev.tsq.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * tsq-core is sans-IO, checked on the source side (the build's enforcer rule checks the artifacts):
 * module-info requires only {@code java.*} modules (no logging API either: core never logs) and exports no internal
 * package to everyone (only qualified exports to TSQ's own client and server modules);
 * no source imports Netty or JNA, opens sockets, starts threads, or reads the real clock outside
 * {@link WallClock#SYSTEM}'s implementation.
 */
class CoreSourceRulesTest {
    private static final Pattern REQUIRES = Pattern.compile("\\brequires\\s+(?:(?:transitive|static)\\s+)*([\\w.]+)\\s*;");
    private static final Pattern EXPORTS = Pattern.compile("\\bexports\\s+([\\w.]+)\\s*(?:to\\s+([\\w.,\\s]+))?;");

    static Path mainSources() {
        for (Path p : List.of(Path.of("src/main/java"), Path.of("tsq-core/src/main/java"))) {
            if (Files.isRegularFile(p.resolve("module-info.java"))) {
                return p;
            }
        }
        throw new AssertionError("tsq-core/src/main/java/module-info.java not found from " + Path.of("").toAbsolutePath());
    }

    /** Java source without comments and string literals (so that words in javadoc do not count). */
    static String code(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8);
            s = s.replaceAll("(?s)/\\*.*?\\*/", " ");
            s = s.replaceAll("//[^\\n]*", " ");
            return s.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void moduleInfoRequiresOnlyJavaModules() {
        String info = code(mainSources().resolve("module-info.java"));
        Set<String> required = new TreeSet<>();
        Matcher m = REQUIRES.matcher(info);
        while (m.find()) {
            required.add(m.group(1));
        }
        assertFalse(required.contains("org.slf4j"), "requires " + required);
        for (String module : required) {
            // org.jspecify: the nullness annotations of the API, required static (compile time only)
            assertTrue(module.startsWith("java.") || module.equals("org.jspecify"),
                    "tsq-core must not require " + module);
        }
        assertTrue(info.matches("(?s).*\\brequires\\s+static\\s+(transitive\\s+)?org\\.jspecify\\s*;.*"),
                "org.jspecify is required static only: " + info);
        // the parser sees every requires clause (none hidden by formatting)
        assertEquals(required.size(), info.split("\\brequires\\b", -1).length - 1, info);
    }

    @Test
    void moduleInfoExportsNoInternalPackage() {
        String info = code(mainSources().resolve("module-info.java"));
        Matcher m = EXPORTS.matcher(info);
        List<String> exported = new ArrayList<>();
        while (m.find()) {
            if (m.group(2) == null) {
                exported.add(m.group(1));
            } else {
                // a qualified export of an internal package: only to TSQ's own modules
                for (String target : m.group(2).split(",")) {
                    assertTrue(target.strip().startsWith("dev.tsq."), "exports " + m.group(1) + " to " + target);
                }
            }
        }
        assertTrue(exported.containsAll(List.of("dev.tsq.wire", "dev.tsq.time", "dev.tsq.auth")), "exports " + exported);
        for (String p : exported) {
            assertFalse(p.contains("internal"), "exports " + p);
        }
    }

    @Test
    void sourcesUseNoNettyJnaSocketsThreadsOrRealClock() throws IOException {
        Path root = mainSources();
        List<String> violations = new ArrayList<>();
        List<Pattern> banned = List.of(
                Pattern.compile("\\bio\\.netty\\b"),
                Pattern.compile("\\bcom\\.sun\\.jna\\b"),
                Pattern.compile("\\bjava\\.net\\b"),
                Pattern.compile("\\bjava\\.nio\\.channels\\b"),
                Pattern.compile("\\bnew\\s+Thread\\s*\\("),
                Pattern.compile("\\bExecutors\\s*\\."),
                Pattern.compile("\\bSystem\\s*\\.\\s*(?:currentTimeMillis|nanoTime)\\s*\\("),
                Pattern.compile("\\b(?:Instant|LocalDateTime|LocalDate|LocalTime|ZonedDateTime|OffsetDateTime)\\s*\\.\\s*now\\s*\\("),
                Pattern.compile("\\bClock\\s*\\.\\s*system(?:UTC|DefaultZone)?\\s*\\("));
        int files = 0;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                if (f.endsWith(Path.of("dev/tsq/time/SystemWallClock.java"))) {
                    continue; // the one place that reads the real clock
                }
                String code = code(f);
                for (Pattern p : banned) {
                    if (p.matcher(code).find()) {
                        violations.add(root.relativize(f) + ": " + p.pattern());
                    }
                }
            }
        }
        assertTrue(files > 20, "scanned only " + files + " files under " + root.toAbsolutePath());
        assertEquals(List.of(), violations);
    }

    @Test
    void theScannerWouldSeeAViolation() {
        // guard against a pattern that never matches anything
        Path f = mainSources().resolve("dev/tsq/time/SystemWallClock.java");
        assertTrue(Pattern.compile("\\bClock\\s*\\.\\s*system(?:UTC|DefaultZone)?\\s*\\(").matcher(code(f)).find());
    }
}
