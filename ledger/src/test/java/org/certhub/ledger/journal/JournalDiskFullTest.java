package org.certhub.ledger.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import org.certhub.ledger.LedgerException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.certhub.testkit.TmpfsMount;

/**
 * A real full disk (a 512 KiB tmpfs mounted for the test): appends fail while it is full, nothing that failed is
 * ever acknowledged or resurrected, and the journal resumes by itself once space is freed.
 */
class JournalDiskFullTest {
  @TempDir Path tmp;
  Path mount;

  @BeforeEach
  void mountSmallDisk() throws Exception {
    mount = TmpfsMount.mount(tmp.resolve("disk"), "512k");
  }

  @AfterEach
  void unmount() throws Exception {
    TmpfsMount.unmount(mount);
  }

  @Test
  void diskFull_appendsFail_thenSpaceFreed_journalRecoversWithContiguousIndices() throws Exception {
    Path dir = Files.createDirectories(mount.resolve("journal"));
    byte[] big = new byte[20_000];
    try (Journal j = Journal.open(dir)) {
      for (int i = 0; i < 3; i++) {
        Arrays.fill(big, (byte) i);
        assertThat(j.append(big.clone()).join()).isEqualTo(i);
      }
      Path filler = TmpfsMount.fill(mount.resolve("filler"));
      Arrays.fill(big, (byte) 99);
      assertThatThrownBy(() -> j.append(big.clone()).join())
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(LedgerException.class)
          .hasMessageContaining("No space left");
      assertThat(j.healthy()).isFalse();
      // Still full after the retry interval: still refused, nothing acknowledged.
      Thread.sleep(Journal.RETRY_NANOS / 1_000_000 + 100);
      assertThatThrownBy(() -> j.append(big.clone()).join()).hasCauseInstanceOf(LedgerException.class);

      Files.delete(filler);
      Thread.sleep(Journal.RETRY_NANOS / 1_000_000 + 100);
      Arrays.fill(big, (byte) 3);
      assertThat(j.append(big.clone()).join()).as("the next index follows the last acknowledged one").isEqualTo(3);
      assertThat(j.healthy()).isTrue();
      assertThat(j.size()).isEqualTo(4);
    }
    try (Journal j = Journal.open(dir)) {
      assertThat(j.size()).as("failed appends are not resurrected by a restart").isEqualTo(4);
      for (int i = 0; i < 4; i++) {
        byte[] expected = new byte[20_000];
        Arrays.fill(expected, (byte) i);
        assertThat(j.read(i)).isEqualTo(expected);
      }
    }
  }
}
