package dev.tsq.exchange;

import dev.tsq.TsqException;
import dev.tsq.sync.RejectedSample;

/** The response was valid but its timestamps are anomalous (draft 6.6), so it yields no offset. */
public class AnomalousSampleException extends TsqException {
    private static final long serialVersionUID = 1L;
    /** The measurement that was rejected. */
    private final RejectedSample rejected;

    /**
     * An anomalous response.
     *
     * @param server   the server that sent it ({@code host:port})
     * @param rejected the timestamps and the anomaly found
     */
    public AnomalousSampleException(String server, RejectedSample rejected) {
        super("anomalous timestamps from " + server + ": " + rejected.anomaly() + " (" + rejected.detail() + ")");
        this.rejected = rejected;
    }

    /**
     * The rejected measurement: its four timestamps and the anomaly.
     *
     * @return the rejected sample
     */
    public RejectedSample rejected() {
        return rejected;
    }
}
