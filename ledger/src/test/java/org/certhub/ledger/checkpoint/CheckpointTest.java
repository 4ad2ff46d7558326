package org.certhub.ledger.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CheckpointTest {

  private static final byte[] ROOT = new byte[32];

  static {
    for (int i = 0; i < 32; i++) {
      ROOT[i] = (byte) i;
    }
  }

  @Test
  void body_threeLines_matchesC2spLayout() {
    assertThat(new Checkpoint("example.com/log", 1048576, ROOT).body())
        .isEqualTo("example.com/log\n1048576\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
  }

  @Test
  void parse_body_roundTrips() throws Exception {
    Checkpoint c = new Checkpoint("example.com/log", 0, ROOT);
    assertThat(Checkpoint.parse(c.body())).isEqualTo(c);
  }

  @Test
  void rootHash_mutatingInputOrOutput_doesNotChangeValue() {
    byte[] root = ROOT.clone();
    Checkpoint c = new Checkpoint("o", 1, root);
    root[0] = 42;
    c.rootHash()[1] = 42;
    assertThat(c.rootHash()).isEqualTo(ROOT);
  }

  @Test
  void toString_showsRootAsHex() {
    assertThat(new Checkpoint("o", 1, ROOT).toString())
        .isEqualTo("Checkpoint[origin=o, size=1, rootHash="
            + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f]");
  }

  @Test
  void constructor_negativeSize_throwsIllegalArgument() {
    assertThatThrownBy(() -> new Checkpoint("o", -1, ROOT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size must be >= 0, but was: -1");
  }
}
