package dev.tsq.daemon;

import dev.tsq.TsqException;

/** The daemon's configuration file is unreadable or wrong; the message names the file, line and reason. */
public final class ConfigException extends TsqException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
