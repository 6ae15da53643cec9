package dev.tsq.clock.linux;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsq.clock.linux.internal.NativeClock;
import org.junit.jupiter.api.Test;

/** Loaded on another platform, tsq-clock-linux says it is Linux-only and names the platform (issue 11 point 3). */
class UnavailablePlatformTest {
    @Test
    void otherPlatformsAreNotSupported() {
        assertFalse(NativeClock.isSupportedPlatform("Mac OS X", "aarch64"));
        assertFalse(NativeClock.isSupportedPlatform("Windows 11", "amd64"));
        assertFalse(NativeClock.isSupportedPlatform("Linux", "s390x"));
        assertTrue(NativeClock.isSupportedPlatform("Linux", "amd64"));
    }

    @Test
    void theMessageSaysLinuxOnlyAndNamesThePlatformAndTheWayOut() {
        String mac = LinuxClockAdjusterProvider.unavailableMessage("Mac OS X", "aarch64");
        assertTrue(mac.startsWith("tsq-clock-linux is Linux-only: the clock adjuster is not available on Mac OS X"
                + " aarch64; it needs Linux on x86-64 or aarch64."), mac);
        assertTrue(mac.contains("tsq sync --dry-run") && mac.contains("\"monitor\""), mac);
        String s390 = LinuxClockAdjusterProvider.unavailableMessage("Linux", "s390x");
        assertTrue(s390.contains("available on Linux s390x (this Linux has no loadable libc for JNA, or an"
                + " unsupported architecture)"), s390);
    }
}
