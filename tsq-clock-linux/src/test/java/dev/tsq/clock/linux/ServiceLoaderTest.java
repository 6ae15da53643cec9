package dev.tsq.clock.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tsq.clock.linux.internal.NativeClock;
import dev.tsq.clock.linux.testsupport.Tools;
import dev.tsq.spi.ClockAdjuster;
import dev.tsq.spi.ClockAdjusterProvider;
import dev.tsq.spi.ClockAdjusters;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The adjuster is found by ServiceLoader, on the class path and (in a child JVM) on the module path. */
class ServiceLoaderTest {

    private static void assumeSupportedPlatform() {
        assumeTrue(NativeClock.isSupportedPlatform(System.getProperty("os.name"), System.getProperty("os.arch")),
            "not Linux x86-64/aarch64");
    }

    @Test
    void providerIsRegisteredInMetaInfServices() {
        List<ClockAdjusterProvider> providers = ServiceLoader.load(ClockAdjusterProvider.class).stream()
            .map(ServiceLoader.Provider::get).collect(Collectors.toList());
        assertTrue(providers.stream().anyMatch(p -> p instanceof LinuxClockAdjusterProvider), providers.toString());
        LinuxClockAdjusterProvider linux = (LinuxClockAdjusterProvider) providers.stream()
            .filter(p -> p instanceof LinuxClockAdjusterProvider).findFirst().orElseThrow();
        assertEquals("linux", linux.name());
    }

    @Test
    void discoverFindsTheLinuxAdjusterOnThisMachine() {
        assumeSupportedPlatform();
        Optional<ClockAdjuster> found = ClockAdjusters.discover();
        assertTrue(found.isPresent(), "ClockAdjusters.discover() found nothing");
        LinuxClockAdjuster adjuster = assertInstanceOf(LinuxClockAdjuster.class, found.get());
        assertEquals("linux-adjtimex", adjuster.name());
        assertFalse(adjuster.isDryRun());
        assertTrue(adjuster.status().tickMicros() > 0, "a read-only status call works through the discovered adjuster");
    }

    /** tsq-core's main jar or classes, not its test-jar (PropertyRunner), which splits tsq-core's packages. */
    private static boolean isTsqCoreMain(String entry) {
        return entry.contains("tsq-core") && !entry.endsWith("-tests.jar") && !entry.endsWith("/test-classes");
    }

    @Test
    void discoverWorksOnTheModulePath() throws Exception {
        assumeSupportedPlatform();
        String classPath = System.getProperty("java.class.path");
        List<String> modulePath = new ArrayList<>();
        String testClasses = null;
        for (String entry : classPath.split(File.pathSeparator)) {
            String e = entry.replace('\\', '/');
            if (e.endsWith("tsq-clock-linux/target/test-classes")) {
                testClasses = entry;
            } else if (e.endsWith("tsq-clock-linux/target/classes") || isTsqCoreMain(e)
                || e.contains("/jna-") || e.contains("slf4j-api")) {
                modulePath.add(entry);
            }
        }
        assertTrue(testClasses != null && modulePath.size() == 4,
            "could not find test-classes and the 4 module jars on java.class.path=" + classPath);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--module-path", String.join(File.pathSeparator, modulePath),
            "--add-modules", "ALL-MODULE-PATH", "-cp", testClasses, "dev.tsq.clock.linux.probe.ModulePathProbe");
        Tools.Run run = Tools.run(pb);
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        String out = run.stdout();
        assertTrue(out.contains("adjuster=dev.tsq.clock.linux.LinuxClockAdjuster in module dev.tsq.clock.linux"), out);
        assertTrue(out.contains("name=linux-adjtimex"), out);
        assertTrue(out.contains("internalExported=false"), out);
        assertTrue(out.contains("internalOpenToJna=true"), out);
        assertTrue(out.contains("publicExported=true"), out);
        assertTrue(out.matches("(?s).*tick=\\d+.*"), "a status call through JNA works in module mode: " + out);
    }
}
