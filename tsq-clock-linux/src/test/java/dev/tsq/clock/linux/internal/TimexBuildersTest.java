package dev.tsq.clock.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Exact syscall arguments for slews and steps. */
class TimexBuildersTest {

    private static final int SINGLESHOT = 0x8001;
    private static final int SETOFFSET_NANO = 0x0100 | 0x2000;

    @Test
    void modeConstantsAreTheKernelValues() {
        assertEquals(0x8001, TimexConstants.ADJ_OFFSET_SINGLESHOT);
        assertEquals(0x8000 | 0x0001, TimexConstants.ADJ_OFFSET_SINGLESHOT);
        assertEquals(0xa001, TimexConstants.ADJ_OFFSET_SS_READ);
        assertEquals(0x0100, TimexConstants.ADJ_SETOFFSET);
        assertEquals(0x2000, TimexConstants.ADJ_NANO);
        assertEquals(0x2000, TimexConstants.STA_NANO);
        assertEquals(0x0001, TimexConstants.STA_PLL);
    }

    @Test
    void readOnlyIsAllZero() {
        assertEquals(new TimexArgs(0, 0, 0, 0, 0), TimexBuilders.readOnly());
        assertEquals(new TimexArgs(0xa001, 0, 0, 0, 0), TimexBuilders.slewRemainingRead());
    }

    @Test
    void slewPositive() {
        assertEquals(new TimexArgs(SINGLESHOT, 100_000, 0, 0, 0), TimexBuilders.slewSingleShot(Duration.ofMillis(100)));
        assertEquals(new TimexArgs(SINGLESHOT, 1, 0, 0, 0), TimexBuilders.slewSingleShot(Duration.ofNanos(1000)));
    }

    @Test
    void slewNegative() {
        assertEquals(new TimexArgs(SINGLESHOT, -100_000, 0, 0, 0),
            TimexBuilders.slewSingleShot(Duration.ofMillis(-100)));
        assertEquals(new TimexArgs(SINGLESHOT, -127_999, 0, 0, 0),
            TimexBuilders.slewSingleShot(Duration.ofNanos(-127_999_000)));
    }

    @Test
    void slewZeroIsAZeroSingleshot() {
        assertEquals(new TimexArgs(SINGLESHOT, 0, 0, 0, 0), TimexBuilders.slewSingleShot(Duration.ZERO));
    }

    @Test
    void slewSubMicrosecondRoundsHalfAwayFromZero() {
        assertEquals(0, TimexBuilders.slewSingleShot(Duration.ofNanos(1)).offset());
        assertEquals(0, TimexBuilders.slewSingleShot(Duration.ofNanos(499)).offset());
        assertEquals(1, TimexBuilders.slewSingleShot(Duration.ofNanos(500)).offset());
        assertEquals(1, TimexBuilders.slewSingleShot(Duration.ofNanos(1499)).offset());
        assertEquals(2, TimexBuilders.slewSingleShot(Duration.ofNanos(1500)).offset());
        assertEquals(0, TimexBuilders.slewSingleShot(Duration.ofNanos(-499)).offset());
        assertEquals(-1, TimexBuilders.slewSingleShot(Duration.ofNanos(-500)).offset());
        assertEquals(-2, TimexBuilders.slewSingleShot(Duration.ofNanos(-1500)).offset());
    }

    @Test
    void slewLimitIsHalfASecondEachWay() {
        assertEquals(500_000, TimexBuilders.slewSingleShot(Duration.ofMillis(500)).offset());
        assertEquals(-500_000, TimexBuilders.slewSingleShot(Duration.ofMillis(-500)).offset());
        // 500.0004 ms rounds to 500000 us and is accepted; 500.0005 ms rounds to 500001 us and is not
        assertEquals(500_000, TimexBuilders.slewSingleShot(Duration.ofNanos(500_000_400)).offset());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> TimexBuilders.slewSingleShot(Duration.ofNanos(500_000_500)));
        assertEquals("slew correction: +500.0005 ms (expected: -500 ms to +500 ms; the kernel slews at most "
            + "0.5 ms per second, so step larger corrections)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> TimexBuilders.slewSingleShot(Duration.ofMillis(-501)));
        assertTrue(e.getMessage().startsWith("slew correction: -501 ms (expected: -500 ms to +500 ms"), e.getMessage());
    }

    @Test
    void slewOfLargeValuesIsRejectedWithoutOverflow() {
        assertThrows(IllegalArgumentException.class, () -> TimexBuilders.slewSingleShot(Duration.ofSeconds(2)));
        assertThrows(IllegalArgumentException.class, () -> TimexBuilders.slewSingleShot(Duration.ofDays(365)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> TimexBuilders.slewSingleShot(Duration.ofSeconds(Long.MIN_VALUE)));
        assertTrue(e.getMessage().startsWith("slew correction: -9223372036854775808000 ms"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> TimexBuilders.slewSingleShot(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)));
        assertThrows(NullPointerException.class, () -> TimexBuilders.slewSingleShot(null));
    }

    @Test
    void slewTimeIsCeilOfMicrosOver500() {
        assertEquals(Duration.ofSeconds(200), TimexBuilders.slewTime(Duration.ofMillis(100)));
        assertEquals(Duration.ofSeconds(200), TimexBuilders.slewTime(Duration.ofMillis(-100)));
        assertEquals(Duration.ofSeconds(256), TimexBuilders.slewTime(Duration.ofMillis(128)));
        assertEquals(Duration.ofSeconds(1000), TimexBuilders.slewTime(Duration.ofMillis(500)));
        assertEquals(Duration.ofSeconds(2), TimexBuilders.slewTime(Duration.ofMillis(1)));
        assertEquals(Duration.ofSeconds(1), TimexBuilders.slewTime(Duration.ofNanos(1000)));
        assertEquals(Duration.ofSeconds(1), TimexBuilders.slewTime(Duration.ofNanos(500_000)));
        assertEquals(Duration.ofSeconds(2), TimexBuilders.slewTime(Duration.ofNanos(501_000)));
        assertEquals(Duration.ofSeconds(1), TimexBuilders.slewTime(Duration.ofNanos(500_499)));
        assertEquals(Duration.ZERO, TimexBuilders.slewTime(Duration.ZERO));
    }

    @Test
    void stepPositive() {
        assertEquals(new TimexArgs(SETOFFSET_NANO, 0, 0, 0, 250_000_000),
            TimexBuilders.stepSetOffset(Duration.ofMillis(250)));
        assertEquals(new TimexArgs(SETOFFSET_NANO, 0, 0, 3, 5),
            TimexBuilders.stepSetOffset(Duration.ofSeconds(3, 5)));
    }

    @Test
    void stepNegativeIsNormalizedToNonNegativeNanoseconds() {
        assertEquals(new TimexArgs(SETOFFSET_NANO, 0, 0, -2, 500_000_000),
            TimexBuilders.stepSetOffset(Duration.ofMillis(-1500)));
        assertEquals(new TimexArgs(SETOFFSET_NANO, 0, 0, -1, 999_999_999),
            TimexBuilders.stepSetOffset(Duration.ofNanos(-1)));
        assertEquals(new TimexArgs(SETOFFSET_NANO, 0, 0, -1, 750_000_000),
            TimexBuilders.stepSetOffset(Duration.ofMillis(-250)));
        assertEquals(new TimexArgs(SETOFFSET_NANO, 0, 0, -3, 0),
            TimexBuilders.stepSetOffset(Duration.ofSeconds(-3)));
    }

    @Test
    void stepZeroAndSubMicrosecondKeepNanoseconds() {
        assertEquals(new TimexArgs(SETOFFSET_NANO, 0, 0, 0, 0), TimexBuilders.stepSetOffset(Duration.ZERO));
        assertEquals(new TimexArgs(SETOFFSET_NANO, 0, 0, 0, 1), TimexBuilders.stepSetOffset(Duration.ofNanos(1)));
        assertEquals(new TimexArgs(SETOFFSET_NANO, 0, 0, 0, 999), TimexBuilders.stepSetOffset(Duration.ofNanos(999)));
    }

    @Test
    void stepLargeValues() {
        assertEquals(new TimexArgs(SETOFFSET_NANO, 0, 0, 86_400L * 365, 0),
            TimexBuilders.stepSetOffset(Duration.ofDays(365)));
        assertEquals(new TimexArgs(SETOFFSET_NANO, 0, 0, -86_400L * 365 - 1, 999_999_999),
            TimexBuilders.stepSetOffset(Duration.ofDays(-365).minusNanos(1)));
        assertEquals(new TimexArgs(SETOFFSET_NANO, 0, 0, Long.MIN_VALUE, 0),
            TimexBuilders.stepSetOffset(Duration.ofSeconds(Long.MIN_VALUE)));
    }

    @Test
    void settimeofdayTargetAddsAndTruncatesToMicros() {
        assertEquals(new TimeOfDay(1_700_000_000L, 123_456),
            TimexBuilders.settimeofdayTarget(1_700_000_000L, 123_456_789, Duration.ZERO));
        assertEquals(new TimeOfDay(1_700_000_001L, 23_456),
            TimexBuilders.settimeofdayTarget(1_700_000_000L, 923_456_789, Duration.ofMillis(100)));
        assertEquals(new TimeOfDay(1_699_999_998L, 623_456),
            TimexBuilders.settimeofdayTarget(1_700_000_000L, 123_456_789, Duration.ofMillis(-1500)));
        assertThrows(IllegalArgumentException.class,
            () -> TimexBuilders.settimeofdayTarget(10, 0, Duration.ofSeconds(-11)));
        assertThrows(IllegalArgumentException.class,
            () -> TimexBuilders.settimeofdayTarget(10, 0, Duration.ofSeconds(Long.MAX_VALUE)));
        assertThrows(IllegalArgumentException.class,
            () -> TimexBuilders.settimeofdayTarget(10, 1_000_000_000, Duration.ZERO));
    }

    @Test
    void modesNamesForMessages() {
        assertEquals("ADJ_SETOFFSET|ADJ_NANO", TimexConstants.modesName(0x2100));
        assertEquals("ADJ_OFFSET_SINGLESHOT", TimexConstants.modesName(0x8001));
        assertEquals("ADJ_OFFSET_SS_READ", TimexConstants.modesName(0xa001));
        assertEquals("0", TimexConstants.modesName(0));
    }

    @Test
    void formatMillisIsExactAndSigned() {
        assertEquals("+100 ms", TimexBuilders.formatMillis(Duration.ofMillis(100)));
        assertEquals("-1500 ms", TimexBuilders.formatMillis(Duration.ofMillis(-1500)));
        assertEquals("+0.000001 ms", TimexBuilders.formatMillis(Duration.ofNanos(1)));
        assertEquals("+0 ms", TimexBuilders.formatMillis(Duration.ZERO));
    }
}
