package dev.tsq.sync;

import java.util.Locale;
import java.util.Objects;

/** What a {@link Decision} tells the clock adjuster to do. JSON spells these in lower case. */
public enum Action {
    /** Leave the clock alone: the offset is zero (or below {@link SyncPolicy#noneThresholdNanos()}). */
    NONE,
    /** Correct gradually (adjtime-style): {@code 0 < |offset| <= slewThreshold}. */
    SLEW,
    /** Set the clock at once: {@code slewThreshold < |offset| <= maxOffset}. */
    STEP,
    /** Do not touch the clock: no usable consensus, or the offset is beyond {@code maxOffset}. */
    REFUSED;

    /**
     * The lower-case JSON name: {@code none}, {@code slew}, {@code step} or {@code refused}.
     *
     * @return the name
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The action with the given JSON name.
     *
     * @throws IllegalArgumentException for an unknown name
     * @param name {@code none}, {@code slew}, {@code step} or {@code refused}
     * @return the action
     */
    public static Action fromWireName(String name) {
        Objects.requireNonNull(name, "name");
        for (Action a : values()) {
            if (a.wireName().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("action: \"" + name + "\" (expected: none, slew, step or refused)");
    }
}
