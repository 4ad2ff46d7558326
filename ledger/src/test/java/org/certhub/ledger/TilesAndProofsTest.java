package org.certhub.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.certhub.ledger.checkpoint.NoteSigner;
import org.certhub.ledger.checkpoint.NoteVerifier;
import org.certhub.ledger.checkpoint.TestKeys;
import org.certhub.ledger.proof.ProofFile;
import org.certhub.ledger.tiles.TilePath;
import org.certhub.ledger.tiles.TileReader;
import org.certhub.ledger.verify.LogVerificationException;
import org.certhub.ledger.verify.LogVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TilesAndProofsTest {
  static final String ORIGIN = "ledger.certhub.example/tiles";
  static final int N = 700;
  @TempDir Path dir;
  final NoteSigner signer = TestKeys.freshSigner(ORIGIN);

  static byte[] entry(int i) {
    return ("{\"access\":" + i + "}").getBytes(StandardCharsets.UTF_8);
  }

  Ledger filled() throws Exception {
    Ledger l = Ledger.open(new LedgerConfig(dir, ORIGIN, signer, Duration.ofHours(1), Clock.systemUTC()));
    for (int i = 0; i < N; i++) {
      l.append(entry(i)).get();
    }
    l.checkpointNow();
    return l;
  }

  NoteVerifier key() throws Exception {
    return NoteVerifier.fromVerifierKey(signer.verifierKey());
  }

  @Test
  void tiles_servedUpToTheCheckpoint_andAVerifierReadingOnlyTilesAgrees() throws Exception {
    try (Ledger l = filled()) {
      assertThat(l.tile(TilePath.parse("tile/0/000"))).hasValueSatisfying(b -> assertThat(b).hasSize(8192));
      assertThat(l.tile(TilePath.parse("tile/0/002.p/188"))).hasValueSatisfying(b -> assertThat(b).hasSize(188 * 32));
      assertThat(l.tile(TilePath.parse("tile/1/000.p/2"))).isPresent();
      assertThat(l.tile(TilePath.parse("tile/0/003"))).isEmpty();
      assertThat(l.tile(TilePath.parse("tile/entries/002.p/188"))).isPresent();
      l.append(entry(N)).get();
      assertThat(l.tile(TilePath.parse("tile/0/002.p/189"))).as("not before its checkpoint").isEmpty();
      var r = LogVerifier.verify(TileReader.directory(dir), key(), ORIGIN);
      assertThat(r.size()).isEqualTo(N);
    }
    assertThat(LogVerifier.verify(dir, key(), ORIGIN).size()).isEqualTo(N + 1);
  }

  @Test
  void proofFile_verifiesOffline_andEveryAlterationFails() throws Exception {
    String text;
    try (Ledger l = filled()) {
      text = l.proofFile(5).text();
      assertThatThrownBy(() -> l.proofFile(N + 5)).isInstanceOf(LedgerException.class).hasMessageContaining("latest checkpoint's size");
    }
    assertThat(text).startsWith("c2sp.org/tlog-proof@v1\nindex 5\n");
    assertThat(ProofFile.verify(text, key(), ORIGIN, entry(5)).size()).isGreaterThanOrEqualTo(N);
    assertThat(ProofFile.fromTiles(TileReader.directory(dir), 5).text()).isEqualTo(text);
    assertThatThrownBy(() -> ProofFile.verify(text, key(), ORIGIN, entry(6))).isInstanceOf(LedgerVerificationException.class);
    String[] lines = text.split("\n", -1);
    for (int line = 2; line < lines.length && !lines[line].isEmpty(); line++) {
      char[] c = lines[line].toCharArray();
      c[3] = c[3] == 'A' ? 'B' : 'A';
      String[] altered = lines.clone();
      altered[line] = new String(c);
      assertThatThrownBy(() -> ProofFile.verify(String.join("\n", altered), key(), ORIGIN, entry(5)))
          .as("line %d altered", line).isInstanceOf(LedgerVerificationException.class);
    }
    NoteVerifier other = NoteVerifier.fromVerifierKey(TestKeys.freshSigner(ORIGIN).verifierKey());
    assertThatThrownBy(() -> ProofFile.verify(text, other, ORIGIN, entry(5))).isInstanceOf(Exception.class);
    assertThatThrownBy(() -> ProofFile.parse("c2sp.org/tlog-proof@v2\nindex 1\n\nx")).hasMessageContaining("line 1 must be");
  }

  /** One flipped byte in any tile file: the verifier fails and names the file and the byte. */
  @Test
  void tamper_anyTileByte_isReportedWithFileAndOffset() throws Exception {
    filled().close();
    List<Path> tiles;
    try (Stream<Path> w = Files.walk(dir.resolve("tile"))) {
      tiles = w.filter(Files::isRegularFile).toList();
    }
    assertThat(tiles).hasSizeGreaterThan(5);
    for (Path f : tiles) {
      byte[] original = Files.readAllBytes(f);
      for (int offset : new int[] {0, original.length / 2, original.length - 1}) {
        byte[] t = original.clone();
        t[offset] ^= 0x40;
        Files.write(f, t);
        String rel = dir.relativize(f).toString();
        assertThatThrownBy(() -> LogVerifier.verify(dir, key(), ORIGIN))
            .as("%s byte %d", rel, offset)
            .isInstanceOfSatisfying(LogVerificationException.class, e -> assertThat(e.location()).isEqualTo(LogVerificationException.Location.TILE))
            .hasMessageContaining(rel);
        if (!rel.startsWith("tile/entries")) {
          assertThatThrownBy(() -> LogVerifier.verify(TileReader.directory(dir), key(), ORIGIN)).isInstanceOf(LedgerVerificationException.class);
        }
      }
      Files.write(f, original);
    }
    assertThat(LogVerifier.verify(dir, key(), ORIGIN).size()).isEqualTo(N);
  }

  @Test
  void reopen_rewritesALostTile() throws Exception {
    filled().close();
    Files.delete(dir.resolve("tile/0/001"));
    try (Ledger l = Ledger.open(new LedgerConfig(dir, ORIGIN, signer, Duration.ofHours(1), Clock.systemUTC()))) {
      assertThat(l.tile(TilePath.parse("tile/0/001"))).isPresent();
    }
    assertThat(LogVerifier.verify(TileReader.directory(dir), key(), ORIGIN).size()).isEqualTo(N);
  }
}
