package org.certhub.exchange.licence;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.Optional;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.licence.LicenceFormatException;
import org.certhub.signer.licence.SignedLicence;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Issued licences. Stored as the signed JSON document, indexed by the holder's pseudonym and the type;
 * the signature is checked again whenever a licence leaves the hub.
 */
@Repository
public class LicenceRepository {
  private final JdbcClient jdbc;

  public LicenceRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores a newly issued licence as valid. */
  public void add(SignedLicence signed, String holderKey) {
    Licence l = signed.licence();
    jdbc.sql(
            "INSERT INTO licence (id, licence_type, issuer_code, holder_key, status, valid_from, valid_until,"
                + " issued_at, signed_json) VALUES (?, ?, ?, ?, 'valid', ?, ?, ?, ?)")
        .params(
            l.id().toString(),
            l.typeCode(),
            l.issuerCode(),
            holderKey,
            Date.valueOf(l.validFrom()),
            l.validUntil() == null ? null : Date.valueOf(l.validUntil()),
            Timestamp.from(l.issuedAt()),
            signed.toJson())
        .update();
  }

  /** The holder's most recently issued licence of a type, whatever its status. */
  public Optional<StoredLicence> latest(String holderKey, String licenceType) {
    return jdbc.sql(
            "SELECT signed_json, status FROM licence WHERE holder_key = ? AND licence_type = ?"
                + " ORDER BY issued_at DESC, id FETCH FIRST 1 ROWS ONLY")
        .params(holderKey, licenceType)
        .query((rs, i) -> new StoredLicence(parse(rs.getString(1)), rs.getString(2)))
        .optional();
  }

  /** The licence with this identifier, if it belongs to this holder and type (else empty: no leak). */
  public Optional<StoredLicence> find(String id, String holderKey, String licenceType) {
    return jdbc.sql("SELECT signed_json, status FROM licence WHERE id = ? AND holder_key = ? AND licence_type = ?")
        .params(id, holderKey, licenceType)
        .query((rs, i) -> new StoredLicence(parse(rs.getString(1)), rs.getString(2)))
        .optional();
  }

  /** How many licences are stored. */
  public long count() {
    return jdbc.sql("SELECT COUNT(*) FROM licence").query(Long.class).single();
  }

  private static SignedLicence parse(String json) {
    try {
      return SignedLicence.parse(json);
    } catch (LicenceFormatException e) {
      throw new IllegalStateException("a stored licence is not readable: " + e.getMessage(), e);
    }
  }
}
