package org.certhub.exchange;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A fresh in-memory database with the real schema (every Flyway migration), one per call. */
public final class TestDatabases {
  private TestDatabases() {}

  public static JdbcClient migrated() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    return JdbcClient.create(ds);
  }
}
