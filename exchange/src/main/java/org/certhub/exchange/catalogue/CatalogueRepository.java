package org.certhub.exchange.catalogue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The licence-type catalogue. */
@Repository
public class CatalogueRepository {
  private final JdbcClient jdbc;

  public CatalogueRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Adds a type with its issuers. */
  @Transactional
  public void add(LicenceType t) {
    jdbc.sql(
            "INSERT INTO licence_type (code, name, defining_authority, holder_id_type, fields)"
                + " VALUES (?, ?, ?, ?, ?)")
        .params(t.code(), t.name(), t.definingAuthority(), t.holderIdType(), String.join(",", t.fields()))
        .update();
    for (String issuer : t.issuers()) {
      jdbc.sql("INSERT INTO licence_type_issuer (licence_type, department_code) VALUES (?, ?)")
          .params(t.code(), issuer)
          .update();
    }
  }

  /** Finds a type by code. */
  public Optional<LicenceType> find(String code) {
    List<String> issuers =
        jdbc.sql("SELECT department_code FROM licence_type_issuer WHERE licence_type = ?")
            .param(code)
            .query(String.class)
            .list();
    return jdbc.sql(
            "SELECT code, name, defining_authority, holder_id_type, fields FROM licence_type WHERE code = ?")
        .param(code)
        .query(
            (rs, i) ->
                new LicenceType(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    Arrays.asList(rs.getString(5).split(",")),
                    new HashSet<>(issuers)))
        .optional();
  }
}
