package dev.tsq.examples.spring;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The example's settings, under {@code tsq.}.
 *
 * @param server    the TSQ server to measure against ({@code host[:port]})
 * @param trustPem  CA certificates to trust (PEM), or null for the system's
 * @param maxOffset the largest |offset| that is still healthy (default 100 ms)
 */
@ConfigurationProperties("tsq")
public record TsqHealthProperties(String server, Path trustPem, @DefaultValue("100ms") Duration maxOffset) {
}
