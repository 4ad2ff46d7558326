package org.certhub.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Kafka switches on by certhub.kafka.bootstrap-servers alone, as a property or an environment variable. */
class KafkaAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class))
      .withBean(JdbcClient.class, () -> {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:autoconfig");
        return JdbcClient.create(ds);
      });

  @Test
  void unset_noKafka() {
    runner.run(ctx -> assertThat(ctx).doesNotHaveBean(OutboxRelay.class).doesNotHaveBean(KafkaHealth.class));
    runner.withPropertyValues("certhub.kafka.bootstrap-servers= ").run(ctx -> assertThat(ctx).doesNotHaveBean(OutboxRelay.class));
  }

  @Test
  void property_switchesItOn_withTuning() {
    runner.withPropertyValues("certhub.kafka.bootstrap-servers=127.0.0.1:1", "certhub.kafka.topic=province.licences",
            "certhub.kafka.delivery-timeout=5s", "certhub.kafka.client.security.protocol=SSL")
        .run(ctx -> {
          assertThat(ctx).hasSingleBean(OutboxRelay.class).hasBean("kafkaHealthIndicator");
          KafkaSettings s = ctx.getBean(OutboxRelay.class).settings();
          assertThat(s.topic()).isEqualTo("province.licences");
          assertThat(s.deliveryTimeout()).isEqualTo(Duration.ofSeconds(5));
          assertThat(s.client()).containsEntry("security.protocol", "SSL");
        });
  }

  @Test
  void environmentVariables_switchItOn() {
    runner.withInitializer(ctx -> ctx.getEnvironment().getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("CERTHUB_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1", "CERTHUB_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512"))))
        .run(ctx -> {
          assertThat(ctx).hasSingleBean(OutboxRelay.class);
          assertThat(ctx.getBean(OutboxRelay.class).settings().bootstrapServers()).isEqualTo("127.0.0.1:1");
          assertThat(ctx.getBean(OutboxRelay.class).settings().client()).containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        });
  }
}
