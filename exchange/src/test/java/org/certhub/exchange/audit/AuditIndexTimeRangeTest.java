package org.certhub.exchange.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Time-range searches answer exactly, whether the page lies near the cursor or far past it, and whatever the clock did. */
class AuditIndexTimeRangeTest {
  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  static final long FAR = AuditIndex.NEAR_CURSOR * 3;
  AuditIndex index;

  @BeforeEach
  void entries() {
    index = new AuditIndex(org.certhub.exchange.TestDatabases.migrated());
    // Ten entries on day 0 at indexes 0..9, ten on day 5 far past the near window at FAR..FAR+9.
    for (int i = 0; i < 10; i++) {
      add(i, T0.plusSeconds(i));
      add(FAR + i, T0.plusSeconds(5 * 86_400 + i));
    }
    // A clock that stepped back: appended after day 5's entries, stamped on day 3.
    add(FAR + 10, T0.plusSeconds(3 * 86_400));
  }

  void add(long i, Instant at) {
    index.add(i, at, new Access("pull", "D1", null, "T", null, "M1", "allowed", "p", "r" + i), "h");
  }

  List<Long> find(Instant from, Instant to, long after, int limit) {
    return index.find(new AuditIndex.Query(null, null, null, null, null, from, to, after, limit)).stream().map(AuditEntry::index).toList();
  }

  @Test
  void rangeNearTheCursor_isAnsweredFromThere() {
    assertThat(find(T0, T0.plusSeconds(86_400), -1, 5)).containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void rangeFarPastTheCursor_isFoundThroughItsIndexes() {
    assertThat(find(T0.plusSeconds(4 * 86_400), null, -1, 3)).containsExactly(FAR, FAR + 1, FAR + 2);
    assertThat(find(T0.plusSeconds(4 * 86_400), null, FAR + 7, 100)).containsExactly(FAR + 8, FAR + 9);
  }

  @Test
  void entryStampedOutOfLedgerOrder_isStillFound() {
    assertThat(find(T0.plusSeconds(2 * 86_400), T0.plusSeconds(4 * 86_400), -1, 100)).containsExactly(FAR + 10);
    assertThat(find(T0.plusSeconds(1), T0.plusSeconds(6 * 86_400), 5, 100)).hasSize(15).startsWith(6L).endsWith(FAR + 10);
  }

  @Test
  void rangeWithNoEntries_isEmpty() {
    assertThat(find(T0.plusSeconds(10 * 86_400), null, -1, 100)).isEmpty();
    assertThat(find(null, T0.minusSeconds(1), -1, 100)).isEmpty();
  }
}
