package org.certhub.exchange.paging;

import java.util.List;
import java.util.function.ToLongFunction;
import org.certhub.exchange.web.ProblemException;

/**
 * Keyset paging over ledger indexes, as the audit search, the citizen's access list and a seal's uses answer it: a
 * page holds at most {@code limit} rows after the cursor {@code after}, and {@code next} is the index of its last row
 * when the page is full (there may be more), absent when it is not.
 */
public final class Cursor {
  private Cursor() {}

  /**
   * Checks a requested page size.
   *
   * @return {@code limit}
   * @throws ProblemException {@code malformed_request} at {@code ?limit} unless {@code 1 <= limit <= max}
   */
  public static int limit(int limit, int max) {
    if (limit < 1 || limit > max) {
      throw ProblemException.malformed("?limit", "limit must be between 1 and " + max + ", but was: " + limit);
    }
    return limit;
  }

  /**
   * The cursor for the page after {@code page}: its last row's index when it holds {@code limit} rows, else null. Pass
   * the page as read, before any row is left out of the answer, or a page that hides rows ends the paging early.
   */
  public static <T> Long next(List<T> page, int limit, ToLongFunction<T> index) {
    return page.size() == limit && !page.isEmpty() ? index.applyAsLong(page.get(page.size() - 1)) : null;
  }
}
