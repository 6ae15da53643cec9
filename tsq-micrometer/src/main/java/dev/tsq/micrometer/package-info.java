/**
 * Optional Micrometer binding of TSQ figures: {@link dev.tsq.micrometer.TsqServerMetrics} binds a
 * {@code TsqServer}'s counters to a {@code MeterRegistry}; {@link dev.tsq.micrometer.TsqClientMetrics} binds a
 * {@code TsqClient}'s counters and last offset/RTT, and its {@code listener} records an RTT timer and failures by
 * kind. Depends on micrometer-core; tsq-client and tsq-server are optional dependencies of this module (an
 * application already has the one it uses).
 */
package dev.tsq.micrometer;
