package org.certhub.adapters.kafka;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A consumer polled on its own daemon thread until {@link #close()}: the loop {@link KafkaJournal} (applying the topic)
 * and {@link JournalSequencer} (holding the group's lease) share. The thread runs the owner's body, which sets up and
 * then calls {@link #poll} until it returns null; closing wakes a poll in flight and waits for the body to end. The
 * consumer is the owner's to close, after this.
 */
final class PollLoop<K, V> {
  private final KafkaConsumer<K, V> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  /** A loop that will run {@code body} on a daemon thread named {@code name}, once {@link #start()}ed. */
  PollLoop(KafkaConsumer<K, V> consumer, String name, Runnable body) {
    this.consumer = consumer;
    this.thread = new Thread(body, name);
    this.thread.setDaemon(true);
  }

  /** Starts the thread; the owner calls it once its own fields are set. */
  void start() {
    thread.start();
  }

  /** The consumer settings both share: {@code clientId}, no auto-commit, no auto-created topic (the journal makes it). */
  static Properties consumerConfig(JournalSettings s, String clientId) {
    Properties c = new Properties();
    c.putAll(s.client());
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return c;
  }

  /** Whether {@link #close()} has not been called yet. */
  boolean running() {
    return running;
  }

  /**
   * The next poll's records (waiting up to {@code timeout}), or null once the loop is closed: the owner's body polls
   * with {@code while ((records = loop.poll(timeout)) != null)} and ends when this returns null.
   */
  ConsumerRecords<K, V> poll(Duration timeout) {
    if (!running) {
      return null;
    }
    try {
      return consumer.poll(timeout);
    } catch (WakeupException e) {
      return null; // closing
    }
  }

  /**
   * Stops the loop: wakes a poll in flight and waits up to 10 s for the body to end.
   *
   * @return false if it was closed already
   */
  boolean close() {
    if (!running) {
      return false;
    }
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }
}
