package dev.tsq.clock.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tsq.spi.ClockAdjustmentException;
import dev.tsq.spi.ClockPermissionException;
import org.junit.jupiter.api.Test;

/** errno names and the exception each errno becomes. */
class ErrnoTest {

    @Test
    void namesOfTheErrnosThatMatter() {
        assertEquals("EPERM", Errno.name(1));
        assertEquals("EFAULT", Errno.name(14));
        assertEquals("EINVAL", Errno.name(22));
        assertEquals("ENOSYS", Errno.name(38));
        assertEquals("EOPNOTSUPP", Errno.name(95));
        assertEquals("errno 4242", Errno.name(4242));
        assertEquals("Invalid argument", Errno.description(22));
        assertEquals("", Errno.description(4242));
    }

    @Test
    void epermBecomesPermissionExceptionNamingCapSysTime() {
        ClockAdjustmentException e = Errno.toException("clock_adjtime(CLOCK_REALTIME, modes=ADJ_SETOFFSET|ADJ_NANO)", 1);
        assertInstanceOf(ClockPermissionException.class, e);
        assertEquals(1, e.errno());
        assertEquals("EPERM", e.errnoName());
        assertEquals("adjusting the clock needs the CAP_SYS_TIME capability (run as root or grant cap_sys_time): "
            + "clock_adjtime(CLOCK_REALTIME, modes=ADJ_SETOFFSET|ADJ_NANO) failed with EPERM (Operation not permitted)",
            e.getMessage());
    }

    @Test
    void otherErrnosBecomeAdjustmentExceptionsWithTheirName() {
        for (int errno : new int[] {Errno.EINVAL, Errno.EFAULT, Errno.ENOSYS, Errno.EOPNOTSUPP, 4242}) {
            ClockAdjustmentException e = Errno.toException("adjtimex(modes=0)", errno);
            assertFalse(e instanceof ClockPermissionException, Errno.name(errno));
            assertEquals(errno, e.errno());
            assertEquals(Errno.name(errno), e.errnoName());
        }
        assertEquals("adjtimex(modes=0) failed with EINVAL (Invalid argument)",
            Errno.toException("adjtimex(modes=0)", 22).getMessage());
        assertEquals("adjtimex(modes=0) failed with errno 4242", Errno.toException("adjtimex(modes=0)", 4242).getMessage());
    }
}
