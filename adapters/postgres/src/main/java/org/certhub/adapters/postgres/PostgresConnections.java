package org.certhub.adapters.postgres;

import java.util.Map;

/** What the hub sets on every PostgreSQL connection, unless the URL or the pool's data source properties say otherwise. */
public final class PostgresConnections {
  private PostgresConnections() {}

  /**
   * Whether a JDBC URL names a PostgreSQL database.
   *
   * @param jdbcUrl the URL, or null
   * @return true for {@code jdbc:postgresql:...}
   */
  public static boolean isPostgres(String jdbcUrl) {
    return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:");
  }

  /**
   * The driver properties the hub adds: its name in {@code pg_stat_activity} (so a DBA sees whose sessions these are)
   * and a connect timeout shorter than the pool's, so an unreachable server fails a connection attempt rather than the
   * whole wait. No statement timeout: a migration that builds an index on a large audit table must not be cut off.
   *
   * @return driver property names and values
   */
  public static Map<String, String> defaults() {
    return Map.of("ApplicationName", "certhub", "connectTimeout", "10");
  }
}
