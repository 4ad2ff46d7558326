package org.certhub.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Settings are checked at start, and client settings cannot weaken what the relay's guarantees rest on. */
class KafkaSettingsTest {

  @Test
  void producer_isIdempotent_withAcksAll_whateverTheClientSettingsSay() {
    KafkaSettings d = KafkaSettings.of("kafka-1:9092,kafka-2:9092");
    KafkaSettings s = new KafkaSettings(d.bootstrapServers(), d.topic(), d.batchSize(), d.pollInterval(), d.minBackoff(), d.maxBackoff(),
        d.deliveryTimeout(), d.lease(), Map.of("acks", "0", "enable.idempotence", "false", "security.protocol", "SASL_SSL"));
    Properties p = OutboxRelay.producerConfig(s);
    assertThat(p.get("acks")).isEqualTo("all");
    assertThat(p.get("enable.idempotence")).isEqualTo(true);
    assertThat(p.get("max.in.flight.requests.per.connection")).isEqualTo(5);
    assertThat(p.get("security.protocol")).isEqualTo("SASL_SSL");
    assertThat((Integer) p.get("delivery.timeout.ms")).isGreaterThanOrEqualTo((Integer) p.get("request.timeout.ms") + 5);
  }

  @Test
  void badSettings_areRefusedAtStart() {
    assertThatThrownBy(() -> KafkaSettings.of("  ")).hasMessageContaining("bootstrap-servers");
    assertThatThrownBy(() -> KafkaSettings.of("http://kafka:9092")).hasMessageContaining("bootstrap-servers");
    KafkaSettings d = KafkaSettings.of("kafka:9092");
    assertThatThrownBy(() -> new KafkaSettings(d.bootstrapServers(), "bad topic", 100, d.pollInterval(), d.minBackoff(), d.maxBackoff(),
        d.deliveryTimeout(), d.lease(), Map.of())).hasMessageContaining("topic");
    assertThatThrownBy(() -> new KafkaSettings(d.bootstrapServers(), d.topic(), 0, d.pollInterval(), d.minBackoff(), d.maxBackoff(),
        d.deliveryTimeout(), d.lease(), Map.of())).hasMessageContaining("batch-size");
    assertThatThrownBy(() -> new KafkaSettings(d.bootstrapServers(), d.topic(), 100, d.pollInterval(), d.minBackoff(), d.maxBackoff(),
        Duration.ofSeconds(30), Duration.ofSeconds(40), Map.of())).as("a lease shorter than two sends could lose a row to a second relay mid-send")
        .hasMessageContaining("lease");
    assertThat(KafkaSettings.of(" kafka:9092 ").bootstrapServers()).isEqualTo("kafka:9092");
  }
}
