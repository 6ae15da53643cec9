package dev.tsq.exchange;

import dev.tsq.sync.Measurement;
import dev.tsq.wire.TimeResponse;

/**
 * A validated response and what it measured.
 *
 * @param response              the decoded response
 * @param measurement           a {@link dev.tsq.sync.Sample}, or a {@link dev.tsq.sync.RejectedSample} when the
 *                              timestamps are anomalous
 * @param authenticated         true when a Signature Block verified against a trusted key
 * @param precisionAcknowledged true when Precision Mode was requested and acknowledged (sizes then match)
 * @param requestBytes          size of the request on the wire
 * @param responseBytes         size of the response on the wire
 */
public record Reply(TimeResponse response, Measurement measurement, boolean authenticated,
                    boolean precisionAcknowledged, int requestBytes, int responseBytes) {
}
