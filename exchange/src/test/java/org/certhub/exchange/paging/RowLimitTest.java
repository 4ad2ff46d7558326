package org.certhub.exchange.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The first rows of an ordered query on H2, with the count bound after the query's own parameters. */
class RowLimitTest {
  JdbcClient jdbc;

  @BeforeEach
  void table() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    jdbc = JdbcClient.create(ds);
    jdbc.sql("CREATE TABLE item (n INT PRIMARY KEY, owner VARCHAR(10))").update();
    for (int n = 1; n <= 6; n++) {
      jdbc.sql("INSERT INTO item (n, owner) VALUES (?, ?)").params(n, n % 2 == 0 ? "even" : "odd").update();
    }
  }

  @Test
  void select_returnsTheFirstRowsInTheQuerysOrder() {
    assertThat(RowLimit.of(2).select(jdbc, "SELECT n FROM item ORDER BY n DESC", (rs, i) -> rs.getInt(1))).containsExactly(6, 5);
  }

  @Test
  void select_bindsTheCountAfterTheQuerysParameters() {
    assertThat(RowLimit.of(2).select(jdbc, "SELECT n FROM item WHERE owner = ? AND n > ? ORDER BY n", (rs, i) -> rs.getInt(1), "even", 2))
        .containsExactly(4, 6);
  }

  @Test
  void select_fewerRowsThanTheLimit_returnsThemAll() {
    assertThat(RowLimit.of(1000).select(jdbc, "SELECT n FROM item WHERE owner = ? ORDER BY n", (rs, i) -> rs.getInt(1), "odd"))
        .containsExactly(1, 3, 5);
  }

  @Test
  void of_lessThanOneRow_throws() {
    assertThatThrownBy(() -> RowLimit.of(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a row limit must be at least 1, but was: 0");
  }
}
