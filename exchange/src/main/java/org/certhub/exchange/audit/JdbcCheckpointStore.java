package org.certhub.exchange.audit;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.certhub.ledger.CheckpointStore;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger's checkpoint record as one database row per log origin, so every hub instance on the database
 * shares one compare-and-swap: the first insert wins, and an update applies only where the row still holds the
 * checkpoint the writer last published.
 */
public final class JdbcCheckpointStore implements CheckpointStore {
  private final JdbcClient jdbc;
  private final String origin;
  private final Clock clock;

  public JdbcCheckpointStore(JdbcClient jdbc, String origin, Clock clock) {
    this.jdbc = jdbc;
    this.origin = origin;
    this.clock = clock;
  }

  @Override
  public Optional<String> latest() throws IOException {
    try {
      return jdbc.sql("SELECT note FROM ledger_checkpoint WHERE origin = ?").param(origin).query(String.class).optional();
    } catch (DataAccessException e) {
      throw new IOException("cannot read the shared checkpoint record: " + e.getMostSpecificCause().getMessage(), e);
    }
  }

  @Override
  public boolean compareAndSet(String expected, String next) throws IOException {
    Timestamp now = Timestamp.from(clock.instant());
    try {
      if (expected == null) {
        jdbc.sql("INSERT INTO ledger_checkpoint (origin, note, updated_at) VALUES (?, ?, ?)").params(origin, next, now).update();
        return true;
      }
      return jdbc.sql("UPDATE ledger_checkpoint SET note = ?, updated_at = ? WHERE origin = ? AND note = ?")
          .params(next, now, origin, expected)
          .update() == 1;
    } catch (DuplicateKeyException e) {
      return false; // another writer inserted first
    } catch (DataAccessException e) {
      throw new IOException("cannot write the shared checkpoint record: " + e.getMostSpecificCause().getMessage(), e);
    }
  }
}
