package org.certhub.ledger.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TilePathTest {

  /** Examples from c2sp.org/tlog-tiles (index 1234067 → x001/x234/067) and the width suffix. */
  @ParameterizedTest
  @CsvSource({
    "tile/0/000, false, 0, 0, 256",
    "tile/0/x001/x234/067, false, 0, 1234067, 256",
    "tile/1/x001/000.p/17, false, 1, 1000, 17",
    "tile/63/999, false, 63, 999, 256",
    "tile/entries/005, true, 0, 5, 256",
    "tile/entries/x001/234.p/255, true, 0, 1234, 255",
  })
  void parse_canonicalPaths_roundTrip(String path, boolean entries, int level, long index, int width) {
    TilePath t = TilePath.parse(path);
    assertThat(t).isEqualTo(new TilePath(entries, level, index, width));
    assertThat(t.path()).isEqualTo(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "tile/0/0", "tile/0/0000", "tile/00/000", "tile/64/000", "tile/0/001/002", "tile/0/x001", "tile/0/000.p/0", "tile/0/000.p/256",
    "tile/0/000.p/017", "tile/0/../000", "tile/0/./000", "tile/0/%2f000", "tile/0/000/", "tile//000", "tiles/0/000",
    "tile/entries/000.p/", "tile/0/x000/001", "tile/0/000\u0000", "tile/-1/000", "tile/0/xx01/000",
  })
  void parse_anythingNonCanonical_isRefusedWithAReason(String path) {
    assertThatThrownBy(() -> TilePath.parse(path)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must");
  }

  @Test
  void encode_groups() {
    assertThat(TilePath.encode(0)).isEqualTo("000");
    assertThat(TilePath.encode(999)).isEqualTo("999");
    assertThat(TilePath.encode(1000)).isEqualTo("x001/000");
    assertThat(TilePath.encode(1234067)).isEqualTo("x001/x234/067");
  }
}
