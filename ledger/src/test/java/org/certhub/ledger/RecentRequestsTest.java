package org.certhub.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentRequestsTest {

  @Test
  void remembersTheLastCapacityIds_andForgetsTheOldestFirst() {
    RecentRequests r = new RecentRequests(1000);
    for (int i = 0; i < 5000; i++) {
      r.put(RecentRequests.key("req-" + i), i);
    }
    assertThat(r.size()).isEqualTo(1000);
    assertThat(r.find(RecentRequests.key("req-3999"))).isEqualTo(-1);
    assertThat(r.find(RecentRequests.key("req-4000"))).isEqualTo(4000);
    assertThat(r.find(RecentRequests.key("req-4999"))).isEqualTo(4999);
    assertThat(r.find(RecentRequests.key("never"))).isEqualTo(-1);
  }

  /**
   * Random puts, re-puts and lookups against a reference insertion-ordered map with the same bound: every lookup
   * agrees, so backward-shift deletion never loses or resurrects a key, across table growth and ring wrap-around.
   */
  @Test
  void agreesWithAReferenceMap_underRandomPutsEvictionsAndLookups() {
    for (int capacity : new int[] {1, 7, 64, 1000}) {
      Random rnd = new Random(capacity * 31L + 5);
      RecentRequests r = new RecentRequests(capacity);
      Map<String, Long> ref = new LinkedHashMap<>();
      int ids = capacity * 3 + 10;
      for (int step = 0; step < 40_000; step++) {
        String id = "id-" + rnd.nextInt(ids);
        if (rnd.nextInt(3) == 0) {
          Long want = ref.get(id);
          assertThat(r.find(RecentRequests.key(id))).as("capacity %d step %d find %s", capacity, step, id).isEqualTo(want == null ? -1 : want);
        } else {
          long idx = rnd.nextInt(1_000_000);
          if (ref.containsKey(id)) {
            ref.put(id, idx); // a re-put keeps its place in the order, as the ring does
          } else {
            if (ref.size() == capacity) {
              ref.remove(ref.keySet().iterator().next());
            }
            ref.put(id, idx);
          }
          r.put(RecentRequests.key(id), idx);
        }
        assertThat(r.size()).isEqualTo(ref.size());
      }
      for (int i = 0; i < ids; i++) {
        Long want = ref.get("id-" + i);
        assertThat(r.find(RecentRequests.key("id-" + i))).isEqualTo(want == null ? -1 : want);
      }
    }
  }

  @Test
  void refusesANegativeIndexOrCapacity() {
    assertThatThrownBy(() -> new RecentRequests(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity must be >= 1");
    assertThatThrownBy(() -> new RecentRequests(4).put(RecentRequests.key("a"), -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index must be >= 0");
  }
}
