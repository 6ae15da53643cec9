package dev.tsq.sync;

import java.util.Objects;

/**
 * The outcome of {@link SyncPolicy#decide}: what to do to the local clock, by how much, and why.
 *
 * @param action          the action
 * @param correctionNanos the amount to add to the local clock (the consensus offset) for
 *                        {@link Action#SLEW} and {@link Action#STEP}, never 0 for those; always 0 for
 *                        {@link Action#NONE} and {@link Action#REFUSED}
 * @param reason          a human-readable explanation with the numbers, never blank
 */
public record Decision(Action action, long correctionNanos, String reason) {

    /**
     * A decision; its fields must agree with one another.
     *
     * @param action          the action
     * @param correctionNanos the amount to add to the local clock (the consensus offset) for
     *                        {@link Action#SLEW} and {@link Action#STEP}, never 0 for those; always 0 for
     *                        {@link Action#NONE} and {@link Action#REFUSED}
     * @param reason          a human-readable explanation with the numbers, never blank
     * @throws NullPointerException     when the action or the reason is null
     * @throws IllegalArgumentException when the reason is blank, or the correction is 0 for a slew or step, or not 0 otherwise
     */
    public Decision {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("reason: \"" + reason + "\" (expected: non-blank)");
        }
        boolean corrects = action == Action.SLEW || action == Action.STEP;
        if (corrects && correctionNanos == 0) {
            throw new IllegalArgumentException("correctionNanos: 0 (expected: non-zero for " + action + ")");
        }
        if (!corrects && correctionNanos != 0) {
            throw new IllegalArgumentException("correctionNanos: " + correctionNanos + " (expected: 0 for " + action + ")");
        }
    }

    /**
     * True for {@link Action#SLEW} and {@link Action#STEP}.
     *
     * @return true when the clock is to be corrected
     */
    public boolean changesClock() {
        return action == Action.SLEW || action == Action.STEP;
    }
}
