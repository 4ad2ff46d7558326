package org.certhub.exchange.policy;

import java.util.Arrays;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Sharing grants, looked up by (consumer, licence type, matter). */
@Repository
public class PolicyRepository {
  private final JdbcClient jdbc;

  public PolicyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Adds a grant. */
  public void add(Policy p) {
    jdbc.sql(
            "INSERT INTO policy (id, consumer_code, licence_type, matter_code, fields, legal_basis)"
                + " VALUES (?, ?, ?, ?, ?, ?)")
        .params(p.id(), p.consumer(), p.licenceType(), p.matter(), String.join(",", p.fields()), p.legalBasis())
        .update();
  }

  /** The grant for this consumer, type and matter, if any. */
  public Optional<Policy> find(String consumer, String licenceType, String matter) {
    return jdbc.sql(
            "SELECT id, consumer_code, licence_type, matter_code, fields, legal_basis FROM policy"
                + " WHERE consumer_code = ? AND licence_type = ? AND matter_code = ?")
        .params(consumer, licenceType, matter)
        .query(
            (rs, i) ->
                new Policy(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    Arrays.asList(rs.getString(5).split(",")),
                    rs.getString(6)))
        .optional();
  }
}
