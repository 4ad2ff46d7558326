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
    // The Binder converts "30s" or "PT30S" to a Duration in any context, not only where Boot set up the conversions.
    Binder b = Binder.get(env);
    KafkaSettings d = KafkaSettings.of(env.getRequiredProperty("certhub.kafka.bootstrap-servers"));
    KafkaSettings s = new KafkaSettings(d.bootstrapServers(), b.bind("certhub.kafka.topic", String.class).orElse(d.topic()),
        b.bind("certhub.kafka.batch-size", Integer.class).orElse(d.batchSize()),
        b.bind("certhub.kafka.poll-interval", Duration.class).orElse(d.pollInterval()),
        b.bind("certhub.kafka.min-backoff", Duration.class).orElse(d.minBackoff()),
        b.bind("certhub.kafka.max-backoff", Duration.class).orElse(d.maxBackoff()),
        b.bind("certhub.kafka.delivery-timeout", Duration.class).orElse(d.deliveryTimeout()),
        b.bind("certhub.kafka.lease", Duration.class).orElse(d.lease()),
        b.bind("certhub.kafka.client", Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
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
