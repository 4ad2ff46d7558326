package org.certhub.exchange.matter;

import java.util.HashSet;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The administrative matters and which department handles each and which licences it needs. */
@Repository
public class MatterRepository {
  private final JdbcClient jdbc;

  public MatterRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Adds a matter with its handlers and needed licence types. */
  @Transactional
  public void add(Matter m) {
    jdbc.sql("INSERT INTO matter (code, name) VALUES (?, ?)").params(m.code(), m.name()).update();
    for (String h : m.handlers()) {
      jdbc.sql("INSERT INTO matter_handler (matter_code, department_code) VALUES (?, ?)").params(m.code(), h).update();
    }
    for (String t : m.licenceTypes()) {
      jdbc.sql("INSERT INTO matter_licence_type (matter_code, licence_type) VALUES (?, ?)")
          .params(m.code(), t)
          .update();
    }
  }

  /** Finds a matter by code. */
  public Optional<Matter> find(String code) {
    Optional<String> name =
        jdbc.sql("SELECT name FROM matter WHERE code = ?").param(code).query(String.class).optional();
    return name.map(
        n ->
            new Matter(
                code,
                n,
                new HashSet<>(
                    jdbc.sql("SELECT department_code FROM matter_handler WHERE matter_code = ?")
                        .param(code)
                        .query(String.class)
                        .list()),
                new HashSet<>(
                    jdbc.sql("SELECT licence_type FROM matter_licence_type WHERE matter_code = ?")
                        .param(code)
                        .query(String.class)
                        .list())));
  }
}
