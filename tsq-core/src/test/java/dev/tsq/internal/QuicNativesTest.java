package dev.tsq.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.TsqException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class QuicNativesTest {
    @Test
    void classifiersFollowNettysNames() {
        assertEquals("linux-x86_64", QuicNatives.classifier("Linux", "amd64"));
        assertEquals("linux-aarch_64", QuicNatives.classifier("Linux", "aarch64"));
        assertEquals("osx-x86_64", QuicNatives.classifier("Mac OS X", "x86_64"));
        assertEquals("osx-aarch_64", QuicNatives.classifier("Mac OS X", "aarch64"));
        assertEquals("windows-x86_64", QuicNatives.classifier("Windows 11", "amd64"));
        assertEquals("freebsd-x86_64", QuicNatives.classifier("FreeBSD", "amd64"));
        assertEquals("linux-riscv64", QuicNatives.classifier("Linux", "riscv64"));
    }

    @Test
    void aMacArmUserIsToldTheClassifierAndTheConvenienceArtifact() {
        String m = QuicNatives.unavailableMessage("Mac OS X", "aarch64", "4.2.18.Final", "0.1.0",
                new UnsatisfiedLinkError("no netty_quiche42_osx_aarch_64 in java.library.path"));
        assertTrue(m.startsWith("QUIC is not available on this platform, osx-aarch_64 (os.name=Mac OS X, os.arch=aarch64)"), m);
        assertTrue(m.contains("io.netty:netty-codec-native-quic:4.2.18.Final:osx-aarch_64"), m);
        assertTrue(m.contains("<classifier>osx-aarch_64</classifier>"), m);
        assertTrue(m.contains("dev.tsq:tsq-natives-all:0.1.0 (type pom)"), m);
        assertTrue(m.endsWith("Cause: java.lang.UnsatisfiedLinkError: no netty_quiche42_osx_aarch_64 in java.library.path"), m);
    }

    @Test
    void everyShippedPlatformGetsItsOwnClassifier() {
        for (String[] p : new String[][] {{"Linux", "amd64"}, {"Linux", "aarch64"}, {"Mac OS X", "x86_64"},
                {"Mac OS X", "aarch64"}, {"Windows 10", "amd64"}}) {
            String c = QuicNatives.classifier(p[0], p[1]);
            assertTrue(QuicNatives.CLASSIFIERS.contains(c), c);
            String m = QuicNatives.unavailableMessage(p[0], p[1], "4.2.18.Final", "0.1.0", null);
            assertTrue(m.contains("netty-codec-native-quic:4.2.18.Final:" + c + " "), m);
            assertFalse(m.contains("Cause:"), m);
        }
    }

    @Test
    void unknownVersionsAreNamedAsPlaceholders() {
        String m = QuicNatives.unavailableMessage("Linux", "amd64", null, null, null);
        assertTrue(m.contains("io.netty:netty-codec-native-quic:<your Netty 4.2 version>:linux-x86_64"), m);
        assertTrue(m.contains("dev.tsq:tsq-natives-all:<TSQ version>"), m);
    }

    @Test
    void aPlatformWithoutNativesIsToldSoAndGivenNoDependency() {
        String m = QuicNatives.unavailableMessage("FreeBSD", "amd64", "4.2.18.Final", "0.1.0", null);
        assertTrue(m.contains("freebsd-x86_64"), m);
        assertTrue(m.contains("Netty ships QUIC natives only for linux-x86_64, linux-aarch_64, osx-x86_64, "
                + "osx-aarch_64, windows-x86_64; TSQ cannot use QUIC here."), m);
        assertFalse(m.contains("Add the dependency"), m);
    }

    @Test
    void requireThrowsATsqExceptionWithTheCauseOnlyWhenUnavailable() {
        AtomicBoolean asked = new AtomicBoolean();
        QuicNatives.require(String.class, () -> true, () -> {
            asked.set(true);
            return null;
        });
        assertFalse(asked.get(), "the cause is only asked for when unavailable");

        UnsatisfiedLinkError cause = new UnsatisfiedLinkError("libquiche missing");
        TsqException e = assertThrows(TsqException.class, () -> QuicNatives.require(String.class, () -> false, () -> cause));
        assertSame(cause, e.getCause());
        String here = QuicNatives.classifier(System.getProperty("os.name"), System.getProperty("os.arch"));
        assertTrue(e.getMessage().contains(here), e.getMessage());
        assertTrue(e.getMessage().endsWith("Cause: " + cause), e.getMessage());
    }
}
