package dev.tsq.engine.internal;

/** The sample gate's verdict: the sample, or why it was dropped. */
public record GateResult(GatedSample sample, String rejection) {
    public boolean accepted() {
        return sample != null;
    }
}
