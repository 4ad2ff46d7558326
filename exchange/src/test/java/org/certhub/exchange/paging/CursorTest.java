package org.certhub.exchange.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.certhub.exchange.web.ProblemException;
import org.junit.jupiter.api.Test;

class CursorTest {

  @Test
  void next_isTheLastIndexOfAFullPage_andAbsentOtherwise() {
    assertThat(Cursor.next(List.of(3L, 7L, 9L), 3, Long::longValue)).isEqualTo(9L);
    assertThat(Cursor.next(List.of(3L, 7L), 3, Long::longValue)).isNull();
    assertThat(Cursor.next(List.<Long>of(), 3, Long::longValue)).isNull();
  }

  @Test
  void limit_outsideOneToMax_isAMalformedRequestAtTheLimitParameter() {
    assertThat(Cursor.limit(1, 10)).isEqualTo(1);
    assertThat(Cursor.limit(10, 10)).isEqualTo(10);
    for (int bad : new int[] {0, -1, 11}) {
      assertThatThrownBy(() -> Cursor.limit(bad, 10))
          .isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("limit must be between 1 and 10, but was: " + bad);
            assertThat(e.field()).isEqualTo("?limit");
            assertThat(e.code().code()).isEqualTo("malformed_request");
          });
    }
  }
}
