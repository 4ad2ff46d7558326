package org.certhub.exchange.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.certhub.ledger.Receipt;
import org.certhub.ledger.tree.Hasher;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The audit index on a database shared by several hub instances (the Kafka journal): each instance's replica is a
 * prefix of the one log, and the index holds rows for entries a starting instance has not applied yet.
 */
class SharedAuditIndexTest {
  static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

  @Test
  void reindex_readsNothing_whenItsOwnReplicaIsIndexed_evenIfOthersIndexedMore() {
    AuditIndex index = new AuditIndex(org.certhub.exchange.TestDatabases.migrated());
    Journal journal = new Journal(3);
    for (int i = 0; i < 5; i++) { // 3 and 4: entries another instance served, not yet on this replica
      index.add(i, T0, access(i), "h");
    }
    new AccessLog(journal, index, Clock.systemUTC(), Duration.ofSeconds(1)).reindex();
    assertThat(journal.reads.get()).as("no entry read: this replica's 3 entries are indexed").isZero();
  }

  @Test
  void reindex_fillsAHoleInItsOwnPrefix_andLeavesOthersRowsAlone() {
    JdbcClient jdbc = org.certhub.exchange.TestDatabases.migrated();
    AuditIndex index = new AuditIndex(jdbc);
    Journal journal = new Journal(3);
    for (int i : new int[] {0, 2, 3, 4}) {
      index.add(i, T0, access(i), "h");
    }
    new AccessLog(journal, index, Clock.systemUTC(), Duration.ofSeconds(1)).reindex();
    assertThat(jdbc.sql("SELECT ledger_index FROM audit_entry ORDER BY ledger_index").query(Long.class).list()).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(jdbc.sql("SELECT request_id FROM audit_entry WHERE ledger_index = 1").query(String.class).single()).isEqualTo("r1");
  }

  @Test
  void aBatch_thatLosesARaceForOneIndex_stillIndexesTheRest() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    AuditIndex index = new AuditIndex(new JdbcTemplate(ds), new DataSourceTransactionManager(ds));

    // Another instance's start-up reindex writes index 5 in a transaction still open when this batch inserts.
    try (Connection other = ds.getConnection()) {
      other.setAutoCommit(false);
      new AuditIndex(JdbcClient.create(new SingleConnectionDataSource(other, true))).add(5, T0, access(5), "other");
      CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> index.addAll(List.of(row(4), row(5), row(6))));
      Thread.sleep(300); // the batch's insert of 5 now waits for the other transaction
      other.commit();
      batch.get(30, TimeUnit.SECONDS);
    }
    JdbcClient jdbc = JdbcClient.create(ds);
    assertThat(jdbc.sql("SELECT ledger_index FROM audit_entry ORDER BY ledger_index").query(Long.class).list()).containsExactly(4L, 5L, 6L);
    assertThat(jdbc.sql("SELECT leaf_hash FROM audit_entry WHERE ledger_index = 5").query(String.class).single()).isEqualTo("other");
    assertThat(jdbc.sql("SELECT SUM(pulls) FROM audit_pull_hour").query(Long.class).single())
        .as("each of the three allowed pulls counted once for supervision, also the one both wrote").isEqualTo(3L);
  }

  static AuditIndex.Row row(long i) {
    return new AuditIndex.Row(i, T0, access(i), "mine");
  }

  static Access access(long i) {
    return new Access("pull", "D1", null, "T", null, "M1", "allowed", "p", "r" + i);
  }

  /** A replica of {@code size} access records that counts how many it was asked for. */
  static final class Journal implements AccessJournal {
    final List<byte[]> entries = new ArrayList<>();
    final AtomicInteger reads = new AtomicInteger();

    Journal(int size) {
      for (int i = 0; i < size; i++) {
        entries.add(Entries.encode(access(i), T0));
      }
    }

    @Override
    public CompletableFuture<Receipt> append(byte[] entry, String requestId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long size() {
      return entries.size();
    }

    @Override
    public byte[] entry(long index) {
      reads.incrementAndGet();
      return entries.get((int) index);
    }

    @Override
    public Hasher hasher() {
      return Hasher.sha256();
    }
  }
}
