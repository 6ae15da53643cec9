package dev.tsq.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's "Using the library" snippets are the compiled examples' {@code region} blocks, character for
 * character (dedented), so the two cannot drift apart.
 */
class ReadmeSnippetsTest {
    /** Tests run in the module's directory, {@code examples/}. */
    private static final Path EXAMPLES = Path.of("").toAbsolutePath();
    private static final Path README = EXAMPLES.resolveSibling("README.md");

    @ParameterizedTest
    @CsvSource({
        "src/main/java/dev/tsq/examples/QueryOffset.java, readme-client",
        "src/main/java/dev/tsq/examples/EmbeddedServer.java, readme-server",
        "src/main/java/dev/tsq/examples/OneShotSync.java, readme-sync",
        "spring-boot-health/src/main/java/dev/tsq/examples/spring/TsqOffsetHealthIndicator.java, readme-spring-health",
        "spring-boot-health/pom.xml, readme-netty-override",
    })
    void theReadmeShowsTheRegionExactly(String source, String region) throws Exception {
        String snippet = region(Files.readAllLines(EXAMPLES.resolve(source)), region);
        List<String> blocks = codeBlocks(Files.readString(README));
        assertTrue(blocks.contains(snippet), "README.md has no code block equal to region " + region + " of " + source
                + ":\n" + snippet);
    }

    /** The lines between {@code region NAME} and {@code endregion NAME} markers, common indentation removed. */
    static String region(List<String> lines, String name) {
        Pattern start = Pattern.compile("^\\s*(//|<!--) region " + Pattern.quote(name) + "\\b.*");
        Pattern end = Pattern.compile("^\\s*(//|<!--) endregion " + Pattern.quote(name) + "\\b.*");
        int from = -1;
        int to = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (from < 0 && start.matcher(lines.get(i)).matches()) {
                from = i + 1;
            } else if (from >= 0 && end.matcher(lines.get(i)).matches()) {
                to = i;
                break;
            }
        }
        assertTrue(from >= 0 && to > from, "region " + name + " not found");
        List<String> body = lines.subList(from, to);
        int indent = Integer.MAX_VALUE;
        for (String l : body) {
            if (!l.isBlank()) {
                indent = Math.min(indent, l.length() - l.stripLeading().length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String l : body) {
            sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return sb.toString();
    }

    /** The bodies of the fenced code blocks of a Markdown text. */
    static List<String> codeBlocks(String markdown) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^```[a-z]*\\n(.*?)^```$", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @org.junit.jupiter.api.Test
    void regionsAreFoundAndDedented() {
        assertEquals("a\n  b\n", region(List.of("x", "    // region r", "    a", "      b", "    // endregion r"), "r"));
        assertEquals(List.of("one\n", "two\nthree\n"), codeBlocks("t\n```java\none\n```\nu\n```\ntwo\nthree\n```\n"));
    }
}
