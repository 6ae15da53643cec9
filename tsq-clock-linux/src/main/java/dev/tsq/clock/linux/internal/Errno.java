package dev.tsq.clock.linux.internal;

import dev.tsq.spi.ClockAdjustmentException;
import dev.tsq.spi.ClockPermissionException;

/**
 * A small errno table (the asm-generic numbers, which x86-64 and aarch64 Linux both use) and the mapping from a
 * failed call to the SPI's exceptions.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOTTY = 25;
    public static final int ERANGE = 34;
    public static final int ENOSYS = 38;
    public static final int EOVERFLOW = 75;
    public static final int EOPNOTSUPP = 95;

    /** The text every permission failure carries, so users know what to grant. */
    public static final String CAP_SYS_TIME_HINT =
        "adjusting the clock needs the CAP_SYS_TIME capability (run as root or grant cap_sys_time)";

    private Errno() {
    }

    /** {@code "EPERM"} for 1, ..., {@code "errno 123"} for numbers not in the table. */
    public static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case ESRCH -> "ESRCH";
            case EINTR -> "EINTR";
            case EIO -> "EIO";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EFAULT -> "EFAULT";
            case EBUSY -> "EBUSY";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            case ENOTTY -> "ENOTTY";
            case ERANGE -> "ERANGE";
            case ENOSYS -> "ENOSYS";
            case EOVERFLOW -> "EOVERFLOW";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            default -> "errno " + errno;
        };
    }

    /** A short description, as strerror would give it, or empty for numbers not in the table. */
    public static String description(int errno) {
        return switch (errno) {
            case EPERM -> "Operation not permitted";
            case ENOENT -> "No such file or directory";
            case ESRCH -> "No such process";
            case EINTR -> "Interrupted system call";
            case EIO -> "Input/output error";
            case EBADF -> "Bad file descriptor";
            case EAGAIN -> "Resource temporarily unavailable";
            case ENOMEM -> "Cannot allocate memory";
            case EACCES -> "Permission denied";
            case EFAULT -> "Bad address";
            case EBUSY -> "Device or resource busy";
            case ENODEV -> "No such device";
            case EINVAL -> "Invalid argument";
            case ENOTTY -> "Inappropriate ioctl for device";
            case ERANGE -> "Numerical result out of range";
            case ENOSYS -> "Function not implemented";
            case EOVERFLOW -> "Value too large for defined data type";
            case EOPNOTSUPP -> "Operation not supported";
            default -> "";
        };
    }

    /**
     * The exception for a failed call: {@link ClockPermissionException} (naming CAP_SYS_TIME) for EPERM, otherwise
     * {@link ClockAdjustmentException} with the errno name.
     *
     * @param call the call as it was made, e.g. {@code "clock_adjtime(CLOCK_REALTIME, ADJ_SETOFFSET|ADJ_NANO)"}
     */
    public static ClockAdjustmentException toException(String call, int errno) {
        String name = name(errno);
        String description = description(errno);
        String failure = call + " failed with " + name + (description.isEmpty() ? "" : " (" + description + ")");
        if (errno == EPERM) {
            return new ClockPermissionException(CAP_SYS_TIME_HINT + ": " + failure, errno, name);
        }
        return new ClockAdjustmentException(failure, errno, name);
    }
}
