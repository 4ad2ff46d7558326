package org.certhub.adapters.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Licence lifecycle events to Kafka, switched on by {@code certhub.kafka.bootstrap-servers}
 * ({@code CERTHUB_KAFKA_BOOTSTRAP_SERVERS}) alone. Tuning: {@code certhub.kafka.topic}, {@code .batch-size},
 * {@code .poll-interval}, {@code .min-backoff}, {@code .max-backoff}, {@code .delivery-timeout}, {@code .lease},
 * and {@code certhub.kafka.client.*} passed to the Kafka clients (TLS, SASL) (docs/kafka.md). The webhook dispatcher
 * is untouched: both work off the same outbox, each with its own flag.
 */
@AutoConfiguration
@ConditionalOnExpression("'${certhub.kafka.bootstrap-servers:}'.trim() != ''")
public class KafkaAutoConfiguration {

  /** Creates the configuration (Spring does). */
  public KafkaAutoConfiguration() {}

  @Bean(destroyMethod = "close")
  OutboxRelay certhubKafkaOutboxRelay(Environment env, JdbcClient jdbc) {
    KafkaSettings d = KafkaSettings.of(env.getRequiredProperty("certhub.kafka.bootstrap-servers"));
    KafkaSettings s = new KafkaSettings(d.bootstrapServers(), env.getProperty("certhub.kafka.topic", d.topic()),
        env.getProperty("certhub.kafka.batch-size", Integer.class, d.batchSize()),
        env.getProperty("certhub.kafka.poll-interval", Duration.class, d.pollInterval()),
        env.getProperty("certhub.kafka.min-backoff", Duration.class, d.minBackoff()),
        env.getProperty("certhub.kafka.max-backoff", Duration.class, d.maxBackoff()),
        env.getProperty("certhub.kafka.delivery-timeout", Duration.class, d.deliveryTimeout()),
        env.getProperty("certhub.kafka.lease", Duration.class, d.lease()),
        Binder.get(env).bind("certhub.kafka.client", Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
    return new OutboxRelay(s, jdbc, Clock.systemUTC());
  }

  /** Starts relaying once the hub is up (its Flyway migrations have run). */
  @Bean
  ApplicationListener<ApplicationReadyEvent> certhubKafkaRelayStart(OutboxRelay relay) {
    return e -> relay.start();
  }

  @Bean("kafkaHealthIndicator")
  KafkaHealth kafkaHealthIndicator(OutboxRelay relay) {
    return new KafkaHealth(relay);
  }
}
