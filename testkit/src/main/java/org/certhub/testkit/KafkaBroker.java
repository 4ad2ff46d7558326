package org.certhub.testkit;

import java.time.Duration;
import java.util.Map;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker (KRaft, one combined broker and controller) in the test JVM, from Apache Kafka's own test kit on
 * Maven Central: no Docker, no system binary. Small on purpose (one network thread, one partition for the internal
 * topics), since the machine's two cores are shared; start one per test class. {@link #stop()} shuts the broker down
 * (its controller stays, so its data and port survive) and {@link #restart()} starts it again on the same port.
 */
public final class KafkaBroker implements AutoCloseable {
  private final KafkaClusterTestKit cluster;

  private KafkaBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Formats and starts a broker; returns once it serves clients. */
  public static KafkaBroker start() throws Exception {
    KafkaClusterTestKit.Builder b =
        new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build());
    Map.ofEntries(
            Map.entry("offsets.topic.replication.factor", "1"), Map.entry("offsets.topic.num.partitions", "1"),
            Map.entry("transaction.state.log.replication.factor", "1"), Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "1"), Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"), Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("num.network.threads", "1"), Map.entry("num.io.threads", "2"), Map.entry("background.threads", "2"),
            Map.entry("num.recovery.threads.per.data.dir", "1"), Map.entry("num.partitions", "1"), Map.entry("log.cleaner.threads", "1"),
            Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024)), Map.entry("auto.create.topics.enable", "true"))
        .forEach(b::setConfigProp);
    KafkaClusterTestKit cluster = b.build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new KafkaBroker(cluster);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** {@code host:port} of the broker. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Shuts the broker down, as a crash of the Kafka server would look to clients (connections refused). */
  public void stop() {
    BrokerServer broker = broker();
    broker.shutdown(Duration.ofSeconds(10));
    broker.awaitShutdown();
  }

  /** Starts the stopped broker again, with its data, on the same port; returns once it serves clients. */
  public void restart() throws Exception {
    broker().startup();
    cluster.waitForReadyBrokers();
  }

  private BrokerServer broker() {
    return cluster.brokers().values().iterator().next();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
