package dev.tsq.examples.spring;

import dev.tsq.client.TsqClient;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application whose {@code /actuator/health} includes {@code tsqOffset}: the clock offset measured
 * against {@code tsq.server}, DOWN beyond {@code tsq.max-offset}.
 *
 * <pre>
 * java -jar app.jar --tsq.server=time.example.com --tsq.max-offset=50ms
 * curl http://127.0.0.1:8080/actuator/health
 * </pre>
 */
@SpringBootApplication
@EnableConfigurationProperties(TsqHealthProperties.class)
public class TsqHealthApplication {
    /**
     * Starts the application.
     *
     * @param args Spring Boot arguments, e.g. {@code --tsq.server=HOST[:PORT]}
     */
    public static void main(String[] args) {
        SpringApplication.run(TsqHealthApplication.class, args);
    }

    /**
     * The client the indicator queries through; Spring closes it (its connection and thread) on shutdown.
     *
     * @param p the {@code tsq.} settings
     * @return a client for {@code tsq.server}
     */
    @Bean(destroyMethod = "close")
    TsqClient tsqClient(TsqHealthProperties p) {
        TsqClient.Builder b = TsqClient.builder().server(p.server());
        if (p.trustPem() != null) {
            b.trustPem(p.trustPem());
        }
        return b.build();
    }

    /**
     * The health contributor {@code tsqOffset}.
     *
     * @param client the client
     * @param p      the {@code tsq.} settings
     * @return the indicator
     */
    @Bean
    TsqOffsetHealthIndicator tsqOffsetHealthIndicator(TsqClient client, TsqHealthProperties p) {
        return new TsqOffsetHealthIndicator(client, p.maxOffset());
    }
}
