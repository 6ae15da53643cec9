package dev.tsq.exchange;

import dev.tsq.TsqException;
import dev.tsq.sync.RejectedSample;

/** The response was valid but its timestamps are anomalous (draft 6.6), so it yields no offset. */
public class AnomalousSampleException extends TsqException {
    private static final long serialVersionUID = 1L;
    private final RejectedSample rejected;

    public AnomalousSampleException(String server, RejectedSample rejected) {
        super("anomalous timestamps from " + server + ": " + rejected.anomaly() + " (" + rejected.detail() + ")");
        this.rejected = rejected;
    }

    public RejectedSample rejected() {
        return rejected;
    }
}
