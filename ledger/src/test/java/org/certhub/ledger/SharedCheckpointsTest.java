package org.certhub.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.certhub.ledger.checkpoint.NoteSigner;
import org.certhub.ledger.checkpoint.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two copies of one log (two machines, or a restored backup) sharing one checkpoint record: whichever publishes
 * first wins, and the other refuses to open or to publish instead of signing a fork. The directory's own file
 * mirrors what was published.
 */
class SharedCheckpointsTest {
  static final String ORIGIN = "ledger.certhub.example/shared";
  private final NoteSigner signer = TestKeys.freshSigner(ORIGIN);

  @TempDir Path a;
  @TempDir Path b;

  /** A shared record as a database row would be: one value, swapped atomically. */
  static final class Row implements CheckpointStore {
    private String value;

    @Override
    public synchronized Optional<String> latest() {
      return Optional.ofNullable(value);
    }

    @Override
    public synchronized boolean compareAndSet(String expected, String next) {
      if (expected == null ? value != null : !expected.equals(value)) {
        return false;
      }
      value = next;
      return true;
    }
  }

  private LedgerConfig config(Path dir, Row row) {
    return new LedgerConfig(dir, ORIGIN, signer, Duration.ofHours(1), Clock.systemUTC()).withSharedCheckpoints(row);
  }

  @Test
  void aSecondWriterWithAnotherJournal_refusesToOpen_andTheFileMirrorsTheSharedRecord() throws Exception {
    Row row = new Row();
    try (Ledger first = Ledger.open(config(a, row))) {
      first.append("one".getBytes(StandardCharsets.UTF_8)).get();
      first.append("two".getBytes(StandardCharsets.UTF_8)).get();
      first.checkpointNow();
      assertThat(row.latest()).hasValue(first.latestCheckpoint());
      assertThat(Files.readString(a.resolve("checkpoint"), StandardCharsets.UTF_8)).isEqualTo(first.latestCheckpoint());
      assertThat(first.latestCheckpoint()).contains("\n2\n");

      // Another directory holding a different history of the same log (its entries differ) cannot join.
      assertThatThrownBy(() -> Ledger.open(config(b, row)).close()).hasMessageContaining("refusing to fork");
    }
  }

  @Test
  void aRestoredCopyRunningBesideTheOriginal_losesTheRace_insteadOfForking() throws Exception {
    Row row = new Row();
    try (Ledger original = Ledger.open(config(a, row))) {
      original.append("before the copy".getBytes(StandardCharsets.UTF_8)).get();
      original.checkpointNow();
    }
    copy(a, b);
    Ledger copy = Ledger.open(config(b, row));
    try (Ledger original = Ledger.open(config(a, row))) {
      original.append("on the original".getBytes(StandardCharsets.UTF_8)).get();
      original.checkpointNow();
      copy.append("on the copy".getBytes(StandardCharsets.UTF_8)).get();
      assertThatThrownBy(copy::checkpointNow).hasMessageContaining("another writer published");
      assertThat(row.latest()).hasValue(original.latestCheckpoint());
    } finally {
      try {
        copy.close();
      } catch (RuntimeException refusedAgain) {
        // Closing publishes a last checkpoint, which the shared record refuses once more.
      }
    }
  }

  private static void copy(Path from, Path to) throws java.io.IOException {
    try (var files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals("LOCK")) {
          Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
