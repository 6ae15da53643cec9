package dev.tsq.clock.linux.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which platforms the LP64 struct timex binding is offered on. */
class NativeClockPlatformTest {

    @Test
    void linuxX8664AndAarch64Only() {
        assertTrue(NativeClock.isSupportedPlatform("Linux", "amd64"));
        assertTrue(NativeClock.isSupportedPlatform("Linux", "x86_64"));
        assertTrue(NativeClock.isSupportedPlatform("Linux", "aarch64"));
        assertFalse(NativeClock.isSupportedPlatform("Linux", "x86"));
        assertFalse(NativeClock.isSupportedPlatform("Linux", "arm"));
        assertFalse(NativeClock.isSupportedPlatform("Linux", "riscv64"));
        assertFalse(NativeClock.isSupportedPlatform("Mac OS X", "aarch64"));
        assertFalse(NativeClock.isSupportedPlatform("Windows 11", "amd64"));
        assertFalse(NativeClock.isSupportedPlatform("FreeBSD", "amd64"));
        assertFalse(NativeClock.isSupportedPlatform(null, "amd64"));
    }
}
