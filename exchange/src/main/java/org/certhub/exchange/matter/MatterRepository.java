package org.certhub.exchange.matter;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The administrative matters and which department handles each and which licences it needs. */
@Repository
public class MatterRepository {
  private final JdbcClient jdbc;
  private final org.certhub.exchange.web.FreshCache<String, Matter> cache =
      new org.certhub.exchange.web.FreshCache<>(java.time.Duration.ofSeconds(2), 10_000);

  public MatterRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Adds a matter with its handlers and needed licence types. */
  @Transactional
  public void add(Matter m) {
    cache.clear();
    jdbc.sql("INSERT INTO matter (code, name, legal_basis, consent_required, check_suffices) VALUES (?, ?, ?, ?, ?)")
        .params(m.code(), m.name(), m.legalBasis(), m.consentRequired(), m.checkSuffices())
        .update();
    for (String h : m.handlers()) {
      jdbc.sql("INSERT INTO matter_handler (matter_code, department_code) VALUES (?, ?)").params(m.code(), h).update();
    }
    for (String t : m.licenceTypes()) {
      jdbc.sql("INSERT INTO matter_licence_type (matter_code, licence_type) VALUES (?, ?)")
          .params(m.code(), t)
          .update();
    }
    cache.clear();
  }

  /** Finds a matter by code (read on every pull: cached for two seconds, and cleared by a local add). */
  public Optional<Matter> find(String code) {
    return cache.get(code, this::load);
  }

  private Optional<Matter> load(String code) {
    return jdbc.sql("SELECT code, name, legal_basis, consent_required, check_suffices FROM matter WHERE code = ?")
        .param(code)
        .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5)))
        .optional()
        .map(this::matter);
  }

  /** Every matter, by code. */
  public List<Matter> list() {
    return jdbc.sql("SELECT code, name, legal_basis, consent_required, check_suffices FROM matter ORDER BY code")
        .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5)))
        .list()
        .stream()
        .map(this::matter)
        .toList();
  }

  private record Row(String code, String name, String legalBasis, boolean consentRequired, boolean checkSuffices) {}

  private Matter matter(Row r) {
    return new Matter(
        r.code(),
        r.name(),
        new HashSet<>(
            jdbc.sql("SELECT department_code FROM matter_handler WHERE matter_code = ?").param(r.code()).query(String.class).list()),
        new HashSet<>(
            jdbc.sql("SELECT licence_type FROM matter_licence_type WHERE matter_code = ?").param(r.code()).query(String.class).list()),
        r.legalBasis(),
        r.consentRequired(),
        r.checkSuffices());
  }
}
