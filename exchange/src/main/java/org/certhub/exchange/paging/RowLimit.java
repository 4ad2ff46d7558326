package org.certhub.exchange.paging;

import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How many rows of an ordered list one read returns: the first {@code rows}, at least one. The repositories that list
 * an owner's rows (seals of a department, consents of a holder) read through {@link #select}, which appends the limit
 * clause and binds the count, instead of each splicing a number into its SQL.
 *
 * @param rows how many rows at most
 */
public record RowLimit(int rows) {
  /** The clause {@link #select} appends to the ordered query, with the row count as its parameter. */
  public static final String CLAUSE = " FETCH FIRST ? ROWS ONLY";

  public RowLimit {
    if (rows < 1) {
      throw new IllegalArgumentException("a row limit must be at least 1, but was: " + rows);
    }
  }

  /** The first {@code rows} rows. */
  public static RowLimit of(int rows) {
    return new RowLimit(rows);
  }

  /**
   * The first {@link #rows()} rows of {@code orderedQuery}.
   *
   * @param orderedQuery a SELECT ending in its ORDER BY (the order makes "first" mean the same on every read)
   * @param params the query's own parameters, in order; the row count is bound after them
   */
  public <T> List<T> select(JdbcClient jdbc, String orderedQuery, RowMapper<T> mapper, Object... params) {
    Object[] all = Arrays.copyOf(params, params.length + 1);
    all[params.length] = rows;
    return jdbc.sql(orderedQuery + CLAUSE).params(all).query(mapper).list();
  }
}
