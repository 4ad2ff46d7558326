package org.certhub.ledger.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.zip.CRC32C;
import org.certhub.ledger.Ledger;
import org.certhub.ledger.LedgerConfig;
import org.certhub.ledger.checkpoint.CheckpointVerifier;
import org.certhub.ledger.checkpoint.NoteSigner;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.checkpoint.TestKeys;
import org.certhub.ledger.checkpoint.VerifiedCheckpoint;
import org.certhub.ledger.journal.Journal;
import org.certhub.ledger.journal.RecordFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogVerifierTest {

  static final String ORIGIN = "ledger.certhub.example/audit";

  @TempDir Path dir;

  private final NoteSigner signer = TestKeys.freshSigner(ORIGIN);

  private NoteVerifier key() throws Exception {
    return NoteVerifier.fromVerifierKey(signer.verifierKey());
  }

  private Ledger open() throws Exception {
    return Ledger.open(
        new LedgerConfig(dir, ORIGIN, signer, Duration.ofHours(1), Clock.systemUTC()));
  }

  /** Ten entries with a checkpoint after each: checkpoints 0 (size 0) .. 10 (size 10). */
  private void writeLedgerWithCheckpointPerEntry() throws Exception {
    try (Ledger l = open()) {
      for (int i = 0; i < 10; i++) {
        l.append(("entry " + i).getBytes(StandardCharsets.UTF_8)).join();
        l.checkpointNow();
      }
    }
  }

  private Path journalFile() {
    return dir.resolve(Ledger.JOURNAL_DIR).resolve(Journal.FILE_NAME);
  }

  @Test
  void verify_goodLog_returnsLedgersSizeAndRoot() throws Exception {
    VerifiedCheckpoint latest;
    try (Ledger l = open()) {
      for (int i = 0; i < 25; i++) {
        l.append(("e" + i).getBytes(StandardCharsets.UTF_8)).join();
        if (i % 7 == 0) {
          l.checkpointNow();
        }
      }
      l.checkpointNow();
      latest = CheckpointVerifier.verify(l.latestCheckpoint(), key(), ORIGIN);
    }
    VerifyResult r = LogVerifier.verify(dir, key(), ORIGIN);
    assertThat(r.size()).isEqualTo(25);
    assertThat(r.root()).isEqualTo(latest.rootHash());
    // open (size 0), after entries 0, 7, 14, 21, then the explicit final one.
    assertThat(r.checkpoints()).isEqualTo(6);
  }

  @Test
  void verify_entryTamperedWithFixedCrc_reportsThatJournalRecordAsFirstBad() throws Exception {
    writeLedgerWithCheckpointPerEntry();
    rewriteRecordWithValidCrc(journalFile(), 6);
    assertThatThrownBy(() -> LogVerifier.verify(dir, key(), ORIGIN))
        .isInstanceOfSatisfying(
            LogVerificationException.class,
            e -> {
              assertThat(e.location()).isEqualTo(LogVerificationException.Location.JOURNAL_RECORD);
              assertThat(e.badIndex()).isEqualTo(6);
              assertThat(e.getMessage())
                  .startsWith("journal records [6, 7) must hash to the root signed in checkpoint 7,")
                  .endsWith("; first bad journal record: 6");
            });
  }

  @Test
  void verify_entryTamperedWithSparseCheckpoints_reportsStartOfUnprovenRange() throws Exception {
    try (Ledger l = open()) {
      for (int i = 0; i < 10; i++) {
        l.append(("entry " + i).getBytes(StandardCharsets.UTF_8)).join();
        if (i == 3) {
          l.checkpointNow(); // checkpoint 1 at size 4; close publishes checkpoint 2 at size 10
        }
      }
    }
    rewriteRecordWithValidCrc(journalFile(), 6);
    assertThatThrownBy(() -> LogVerifier.verify(dir, key(), ORIGIN))
        .isInstanceOfSatisfying(
            LogVerificationException.class,
            e -> {
              assertThat(e.badIndex()).isEqualTo(4);
              assertThat(e.getMessage()).startsWith("journal records [4, 10) must hash");
            });
  }

  @Test
  void verify_checkpointSignedByAnotherKey_reportsCheckpointNumber() throws Exception {
    writeLedgerWithCheckpointPerEntry();
    NoteSigner other = TestKeys.freshSigner(ORIGIN);
    assertThatThrownBy(
            () -> LogVerifier.verify(dir, NoteVerifier.fromVerifierKey(other.verifierKey()), ORIGIN))
        .isInstanceOfSatisfying(
            LogVerificationException.class,
            e -> {
              assertThat(e.location()).isEqualTo(LogVerificationException.Location.CHECKPOINT);
              assertThat(e.badIndex()).isZero();
              assertThat(e.getMessage())
                  .startsWith("checkpoint 0: signed note must carry a signature from " + ORIGIN);
            });
  }

  @Test
  void verify_wrongOrigin_reportsCheckpointNumber() throws Exception {
    writeLedgerWithCheckpointPerEntry();
    assertThatThrownBy(() -> LogVerifier.verify(dir, key(), "other.example/log"))
        .isInstanceOfSatisfying(
            LogVerificationException.class,
            e -> assertThat(e.getMessage())
                .isEqualTo("checkpoint 0: checkpoint line 1 (origin) must be"
                    + " \"other.example/log\", but was: \"" + ORIGIN + "\""));
  }

  @Test
  void verify_journalTruncatedBelowSignedSize_reportsCheckpoint() throws Exception {
    writeLedgerWithCheckpointPerEntry();
    // Drop the last two whole records: checkpoint 9 (size 9) is the first to exceed the journal.
    byte[] bytes = Files.readAllBytes(journalFile());
    long end = offsetOf(bytes, 8);
    Files.write(journalFile(), java.util.Arrays.copyOf(bytes, (int) end));
    assertThatThrownBy(() -> LogVerifier.verify(dir, key(), ORIGIN))
        .isInstanceOfSatisfying(
            LogVerificationException.class,
            e -> {
              assertThat(e.badIndex()).isEqualTo(9);
              assertThat(e.getMessage())
                  .isEqualTo("checkpoint 9 size must be <= journal size 8, but was: 9");
            });
  }

  @Test
  void verify_journalCrcCorruptionInMiddle_reportsJournalRecord() throws Exception {
    writeLedgerWithCheckpointPerEntry();
    byte[] bytes = Files.readAllBytes(journalFile());
    bytes[(int) offsetOf(bytes, 3) + 8] ^= 1;
    Files.write(journalFile(), bytes);
    assertThatThrownBy(() -> LogVerifier.verify(dir, key(), ORIGIN))
        .isInstanceOfSatisfying(
            LogVerificationException.class,
            e -> {
              assertThat(e.location()).isEqualTo(LogVerificationException.Location.JOURNAL_RECORD);
              assertThat(e.badIndex()).isEqualTo(3);
              assertThat(e.getMessage()).startsWith("journal record 3 at byte offset ");
            });
  }

  @Test
  void ledgerOpen_tamperedJournal_refusesToSignAFork() throws Exception {
    writeLedgerWithCheckpointPerEntry();
    rewriteRecordWithValidCrc(journalFile(), 6);
    assertThatThrownBy(this::open)
        .isInstanceOf(org.certhub.ledger.LedgerVerificationException.class)
        .hasMessageStartingWith("checkpoint record 10 root at size 10 must be ")
        .hasMessageEndingWith("(the journal no longer matches what was signed; refusing to sign a fork)");
  }

  @Test
  void readAll_afterLedger_returnsEveryEntry() throws Exception {
    writeLedgerWithCheckpointPerEntry();
    assertThat(RecordFile.readAll(journalFile(), "journal record")).hasSize(10);
  }

  private static long offsetOf(byte[] file, int record) {
    ByteBuffer b = ByteBuffer.wrap(file);
    long offset = 0;
    for (int i = 0; i < record; i++) {
      offset += 8 + b.getInt((int) offset);
    }
    return offset;
  }

  /** Flips a payload byte of record {@code n} and rewrites its CRC so the framing stays valid. */
  private static void rewriteRecordWithValidCrc(Path file, int n) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    int offset = (int) offsetOf(bytes, n);
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int length = b.getInt(offset);
    bytes[offset + 8] ^= 0x20;
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset + 8, length);
    b.putInt(offset + 4, (int) crc.getValue());
    Files.write(file, bytes);
  }
}
