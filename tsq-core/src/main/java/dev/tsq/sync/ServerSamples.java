package dev.tsq.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one server produced in a sync round: its name, its measurements (valid or rejected, in
 * the order they were taken) and any error the server itself declared.
 *
 * @param server           the server's name (host:port or any label), unique within a round; not blank
 * @param measurements     the measurements, copied; may be empty (the server produced nothing)
 * @param serverErrorNanos error the server declares about its own clock (for example root delay / 2 +
 *                         root dispersion from a ClockQuality TLV), added to its correctness interval
 *                         in place of the filter's tolerance; 0 when unknown (a declared 0 reads as unknown,
 *                         so the tolerance applies). Must be &gt;= 0.
 */
public record ServerSamples(String server, List<Measurement> measurements, long serverErrorNanos) {

    /**
     * A server's round; the list is copied.
     *
     * @param server           the server's name (host:port or any label), unique within a round; not blank
     * @param measurements     the measurements, copied; may be empty (the server produced nothing)
     * @param serverErrorNanos error the server declares about its own clock (for example root delay / 2 +
     *                         root dispersion from a ClockQuality TLV), added to its correctness interval;
     *                         0 when unknown. Must be &gt;= 0.
     * @throws IllegalArgumentException when the name is blank or the declared error negative
     */
    public ServerSamples {
        Objects.requireNonNull(server, "server");
        if (server.isBlank()) {
            throw new IllegalArgumentException("server: \"" + server + "\" (expected: a non-blank name)");
        }
        Objects.requireNonNull(measurements, "measurements");
        for (int i = 0; i < measurements.size(); i++) {
            Objects.requireNonNull(measurements.get(i), "measurements[" + i + "]");
        }
        measurements = List.copyOf(measurements);
        if (serverErrorNanos < 0) {
            throw new IllegalArgumentException("serverErrorNanos: " + serverErrorNanos + " (expected: >= 0)");
        }
    }

    /**
     * A server that declared no error of its own.
     *
     * @param server       the server's name, not blank
     * @param measurements the measurements
     */
    public ServerSamples(String server, List<? extends Measurement> measurements) {
        this(server, List.copyOf(Objects.requireNonNull(measurements, "measurements")), 0L);
    }

    /**
     * The valid samples, in input order.
     *
     * @return the valid samples
     */
    public List<Sample> samples() {
        List<Sample> out = new ArrayList<>(measurements.size());
        for (Measurement m : measurements) {
            if (m instanceof Sample s) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The rejected measurements, in input order.
     *
     * @return the rejected measurements
     */
    public List<RejectedSample> rejected() {
        List<RejectedSample> out = new ArrayList<>();
        for (Measurement m : measurements) {
            if (m instanceof RejectedSample r) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }
}
