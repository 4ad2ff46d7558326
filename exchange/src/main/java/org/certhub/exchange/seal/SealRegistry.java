package org.certhub.exchange.seal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.certhub.exchange.paging.RowLimit;
import org.certhub.signer.seal.SealStatusSource;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The seals departments made through the hub. It is the {@link SealStatusSource} of the hub's verifier: the
 * revocation time it answers comes from this table, never from the seal under test.
 */
@Repository
public class SealRegistry implements SealStatusSource {
  private static final String COLUMNS =
      "es_id, department_code, name, seal_type, created_at, valid_start, valid_end, revoked_at, revocation_reason, der_base64";
  private static final RowMapper<RegisteredSeal> ROW =
      (rs, i) ->
          new RegisteredSeal(
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              rs.getInt(4),
              rs.getTimestamp(5).toInstant(),
              rs.getTimestamp(6).toInstant(),
              rs.getTimestamp(7).toInstant(),
              rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(),
              rs.getString(9),
              Base64.getDecoder().decode(rs.getString(10)));
  private final JdbcClient jdbc;

  public SealRegistry(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void add(RegisteredSeal s) {
    jdbc.sql("INSERT INTO seal (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)")
        .params(s.esId(), s.department(), s.name(), s.type(), Timestamp.from(s.createdAt()), Timestamp.from(s.validStart()),
            Timestamp.from(s.validEnd()), Base64.getEncoder().encodeToString(s.der()))
        .update();
  }

  /** The seal with this esID, whoever owns it: callers check ownership. */
  Optional<RegisteredSeal> find(String esId) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM seal WHERE es_id = ?").param(esId).query(ROW).optional();
  }

  /** The department's first {@code limit} seals, oldest first. */
  List<RegisteredSeal> ofDepartment(String department, int limit) {
    return RowLimit.of(limit).select(jdbc, "SELECT " + COLUMNS + " FROM seal WHERE department_code = ? ORDER BY created_at, es_id", ROW,
        department);
  }

  /** Sets the revocation once: false when the seal was already revoked (or is gone). */
  boolean revoke(String esId, Instant at, String reason) {
    return jdbc.sql("UPDATE seal SET revoked_at = ?, revocation_reason = ? WHERE es_id = ? AND revoked_at IS NULL")
        .params(Timestamp.from(at), reason, esId)
        .update() == 1;
  }

  @Override
  public Optional<Instant> revokedAt(String esId) {
    return jdbc.sql("SELECT revoked_at FROM seal WHERE es_id = ?")
        .param(esId)
        .query((rs, i) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
        .optional()
        .flatMap(o -> o);
  }
}
