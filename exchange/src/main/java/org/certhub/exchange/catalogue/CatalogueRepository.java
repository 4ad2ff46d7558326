package org.certhub.exchange.catalogue;

import java.util.Optional;
import org.certhub.signer.licence.LicenceFormatException;
import org.certhub.signer.licence.LicenceType;
import org.certhub.signer.licence.LicenceTypes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The licence-type catalogue (GB/T 36902). Each type is stored whole, as the signer's {@link
 * LicenceType} JSON (fields with types and flags, holder kind, validity rule, issuers), so the hub
 * checks issued licences with exactly the definition a verifier elsewhere uses.
 */
@Repository
public class CatalogueRepository {
  private final JdbcClient jdbc;
  private final org.certhub.exchange.web.FreshCache<String, LicenceType> cache =
      new org.certhub.exchange.web.FreshCache<>(java.time.Duration.ofSeconds(2), 10_000);

  public CatalogueRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Adds a type; fails if the code exists. */
  public void add(LicenceType t) {
    cache.clear();
    jdbc.sql(
            "INSERT INTO licence_type (code, name, defining_authority, holder_id_type, fields, definition)"
                + " VALUES (?, ?, ?, ?, ?, ?)")
        .params(
            t.code(),
            t.name(),
            t.code().substring(0, 18),
            t.holderKind() == org.certhub.signer.licence.HolderKind.PERSON ? "111" : "001",
            String.join(",", t.fields().stream().map(f -> f.name()).toList()),
            t.toJson())
        .update();
    cache.clear();
  }

  /** Finds a type by code (read on every pull: cached for two seconds, and cleared by a local add). */
  public Optional<LicenceType> find(String code) {
    return cache.get(code, this::load);
  }

  private Optional<LicenceType> load(String code) {
    return jdbc.sql("SELECT definition FROM licence_type WHERE code = ?").param(code).query(String.class).optional().map(CatalogueRepository::parse);
  }

  /** The whole catalogue, by code. */
  public LicenceTypes all() {
    return LicenceTypes.of(
        jdbc.sql("SELECT definition FROM licence_type ORDER BY code").query(String.class).list().stream()
            .map(CatalogueRepository::parse)
            .toList());
  }

  private static LicenceType parse(String json) {
    try {
      return LicenceType.fromJson(json);
    } catch (LicenceFormatException e) {
      throw new IllegalStateException("a stored licence type is not readable: " + e.getMessage(), e);
    }
  }
}
