package org.certhub.exchange.licence;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.certhub.signer.licence.Licence;
import org.certhub.signer.licence.LicenceFormatException;
import org.certhub.signer.licence.SignedLicence;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Issued licences. Stored as the signed JSON document, indexed by the holder's pseudonym, the type and
 * the issuer; the signature is checked again whenever a licence leaves the hub. Status changes (supersede,
 * revoke, expire) are guarded by the expected current status, so two concurrent changes cannot both win.
 */
@Repository
public class LicenceRepository {
  private static final String COLUMNS = "signed_json, status, status_at, status_reason, superseded_by";
  private final JdbcClient jdbc;
  private final LicenceCache cache;

  /** Without a cache (the command-line tools). */
  public LicenceRepository(JdbcClient jdbc) {
    this(jdbc, LicenceCache.NONE);
  }

  /** With a shared cache of licence views, invalidated on every change made here. */
  @org.springframework.beans.factory.annotation.Autowired
  public LicenceRepository(JdbcClient jdbc, LicenceCache cache) {
    this.jdbc = jdbc;
    this.cache = cache;
  }

  /** Stores a newly issued licence (or new version) as valid. */
  public void add(SignedLicence signed, String holderKey) {
    Licence l = signed.licence();
    jdbc.sql(
            "INSERT INTO licence (id, licence_type, issuer_code, holder_key, status, valid_from, valid_until,"
                + " issued_at, signed_json, version, previous_id) VALUES (?, ?, ?, ?, 'valid', ?, ?, ?, ?, ?, ?)")
        .params(
            l.id().toString(),
            l.typeCode(),
            l.issuerCode(),
            holderKey,
            Date.valueOf(l.validFrom()),
            l.validUntil() == null ? null : Date.valueOf(l.validUntil()),
            Timestamp.from(l.issuedAt()),
            signed.toJson(),
            l.id().version(),
            l.previousId() == null ? null : l.previousId().toString())
        .update();
    assignStatusIndex(l.id().toString());
    invalidate(List.of(latestKey(holderKey, l.typeCode()), viewKey(l.id().toString())));
  }

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /** A random free place in the status list, so neighbouring indexes say nothing about issue order or issuer. */
  private void assignStatusIndex(String id) {
    for (int attempt = 0; attempt < 64; attempt++) {
      int candidate = RANDOM.nextInt(StatusListPublisher.SIZE);
      boolean taken = jdbc.sql("SELECT COUNT(*) FROM licence WHERE status_index = ?").param(candidate).query(Long.class).single() > 0;
      if (!taken) {
        jdbc.sql("UPDATE licence SET status_index = ? WHERE id = ?").params(candidate, id).update();
        return;
      }
    }
    throw new IllegalStateException("the status list is too full to place licence " + id + "; it needs a larger list");
  }

  /** The licence's place in the status list, if it has one. */
  public java.util.Optional<Integer> statusIndex(String id) {
    return jdbc.sql("SELECT status_index FROM licence WHERE id = ? AND status_index IS NOT NULL").param(id).query(Integer.class).optional();
  }

  /** Places of licences that are no longer current (revoked or superseded): the set bits of the status list. */
  List<Integer> invalidStatusIndexes() {
    return jdbc.sql("SELECT status_index FROM licence WHERE status_index IS NOT NULL AND status IN ('revoked', 'superseded')")
        .query(Integer.class)
        .list();
  }

  /** The holder's most recently issued licence of a type, whatever its status. */
  public Optional<StoredLicence> latest(String holderKey, String licenceType) {
    String pointer = latestKey(holderKey, licenceType);
    Optional<String> id = cache.get(pointer);
    if (id.isPresent()) {
      Optional<CachedView> view = view(id.get());
      if (view.isPresent() && view.get().holderKey().equals(holderKey)) {
        return Optional.of(view.get().stored());
      }
    }
    Optional<StoredLicence> found = jdbc.sql(
            "SELECT " + COLUMNS + " FROM licence WHERE holder_key = ? AND licence_type = ?"
                + " ORDER BY issued_at DESC, version DESC, id FETCH FIRST 1 ROWS ONLY")
        .params(holderKey, licenceType)
        .query(LicenceRepository::row)
        .optional();
    found.ifPresent(f -> cache.putIfAbsent(pointer, f.signed().licence().id().toString()));
    return found;
  }

  /** The holder's licences, newest first, at most {@code limit}: what a signed-in citizen's wallet lists. */
  public List<StoredLicence> heldBy(String holderKey, int limit) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM licence WHERE holder_key = ? ORDER BY issued_at DESC, version DESC, id FETCH FIRST ? ROWS ONLY")
        .params(holderKey, limit)
        .query(LicenceRepository::row)
        .list();
  }

  /** The licence with this identifier, if it belongs to this holder (else empty: no leak). */
  public Optional<StoredLicence> findHeld(String id, String holderKey) {
    return view(id).filter(v -> v.holderKey().equals(holderKey)).map(CachedView::stored);
  }

  /** The licence with this identifier, if it belongs to this holder and type (else empty: no leak). */
  public Optional<StoredLicence> find(String id, String holderKey, String licenceType) {
    return view(id)
        .filter(v -> v.holderKey().equals(holderKey) && v.stored().signed().licence().typeCode().equals(licenceType))
        .map(CachedView::stored);
  }

  /** The licence with this identifier, if this department issued it (else empty: no leak). */
  public Optional<StoredLicence> findIssued(String id, String issuerCode) {
    return view(id).filter(v -> v.stored().signed().licence().issuerCode().equals(issuerCode)).map(CachedView::stored);
  }

  /** The licence with this identifier, for verification (status only leaves through a verifier's answer). */
  public Optional<StoredLicence> findById(String id) {
    return view(id).map(CachedView::stored);
  }

  /** A page of the licences a department issued, newest first, optionally filtered by type and status. */
  public List<StoredLicence> issuedBy(String issuerCode, String type, String status, int offset, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM licence WHERE issuer_code = ?");
    List<Object> params = new ArrayList<>(List.of(issuerCode));
    if (type != null) {
      sql.append(" AND licence_type = ?");
      params.add(type);
    }
    if (status != null) {
      sql.append(" AND status = ?");
      params.add(status);
    }
    sql.append(" ORDER BY issued_at DESC, id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
    params.add(offset);
    params.add(limit);
    return jdbc.sql(sql.toString()).params(params).query(LicenceRepository::row).list();
  }

  /** How many licences a department issued with the same filters as {@link #issuedBy}. */
  public long countIssuedBy(String issuerCode, String type, String status) {
    StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM licence WHERE issuer_code = ?");
    List<Object> params = new ArrayList<>(List.of(issuerCode));
    if (type != null) {
      sql.append(" AND licence_type = ?");
      params.add(type);
    }
    if (status != null) {
      sql.append(" AND status = ?");
      params.add(status);
    }
    return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
  }

  /**
   * Moves a licence from {@code valid} to {@code newStatus}.
   *
   * @return false if it was no longer valid (another change won)
   */
  public boolean changeStatus(String id, String newStatus, Instant at, String reason, String supersededBy) {
    boolean changed = jdbc.sql(
                "UPDATE licence SET status = ?, status_at = ?, status_reason = ?, superseded_by = ?"
                    + " WHERE id = ? AND status = 'valid'")
            .params(newStatus, Timestamp.from(at), reason, supersededBy, id)
            .update()
        == 1;
    if (changed) {
      invalidate(List.of(viewKey(id)));
    }
    return changed;
  }

  /** Valid licences whose last day was before {@code today}: the expiry job's work list. */
  public List<StoredLicence> expiredButValid(LocalDate today, int limit) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM licence WHERE status = 'valid' AND valid_until < ? ORDER BY valid_until FETCH FIRST ? ROWS ONLY")
        .params(Date.valueOf(today), limit)
        .query(LicenceRepository::row)
        .list();
  }

  /** The holder pseudonym a licence is indexed under. */
  public Optional<String> holderKey(String id) {
    return view(id).map(CachedView::holderKey);
  }

  // --- the cache of licence views (LicenceCache): one entry per licence id, plus a pointer to each holder's latest of a type

  /** A licence with the holder pseudonym it is filed under: what one cache entry holds. */
  private record CachedView(StoredLicence stored, String holderKey, String signedJson) {}

  private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

  static String viewKey(String id) {
    return "view:" + id;
  }

  static String latestKey(String holderKey, String licenceType) {
    return "latest:" + holderKey + ":" + licenceType;
  }

  private Optional<CachedView> view(String id) {
    String key = viewKey(id);
    Optional<CachedView> cached = cache.get(key).flatMap(LicenceRepository::decode);
    if (cached.isPresent()) {
      return cached;
    }
    Optional<CachedView> found = jdbc.sql("SELECT " + COLUMNS + ", holder_key FROM licence WHERE id = ?")
        .param(id)
        .query((rs, i) -> new CachedView(row(rs, i), rs.getString(6), rs.getString(1)))
        .optional();
    found.ifPresent(v -> cache.putIfAbsent(key, encode(v)));
    return found;
  }

  /**
   * Drops the keys now and, inside a transaction, again after it commits: a reader that filled an entry from the
   * not yet committed state in between is overwritten before the change is acknowledged.
   */
  private void invalidate(List<String> keys) {
    cache.invalidate(keys);
    if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
      org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
          new org.springframework.transaction.support.TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              cache.invalidate(keys);
            }
          });
    }
  }

  private static String encode(CachedView v) {
    StoredLicence s = v.stored();
    var node = JSON.createObjectNode();
    node.put("signed", v.signedJson());
    node.put("status", s.status());
    node.put("statusAt", s.statusAt() == null ? null : s.statusAt().toString());
    node.put("statusReason", s.statusReason());
    node.put("supersededBy", s.supersededBy());
    node.put("holderKey", v.holderKey());
    return JSON.writeValueAsString(node);
  }

  /** An entry that cannot be read (another version's format) is a miss, never an error. */
  private static Optional<CachedView> decode(String text) {
    try {
      var node = JSON.readTree(text);
      String at = node.path("statusAt").asString(null);
      String signed = node.get("signed").asString();
      StoredLicence s = new StoredLicence(parse(signed), node.get("status").asString(),
          at == null ? null : Instant.parse(at), node.path("statusReason").asString(null), node.path("supersededBy").asString(null));
      return Optional.of(new CachedView(s, node.get("holderKey").asString(), signed));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** How many licences are stored. */
  public long count() {
    return jdbc.sql("SELECT COUNT(*) FROM licence").query(Long.class).single();
  }

  private static StoredLicence row(ResultSet rs, int i) throws SQLException {
    Timestamp at = rs.getTimestamp(3);
    return new StoredLicence(parse(rs.getString(1)), rs.getString(2), at == null ? null : at.toInstant(), rs.getString(4), rs.getString(5));
  }

  /**
   * Parsed licences by their exact stored text: parsing is a pure function of it, and the same hot licences are read
   * on every pull. A changed row is different text, so it is parsed (and verified) afresh. Bounded: cleared when full.
   */
  private static final java.util.Map<String, SignedLicence> PARSED = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_PARSED = 2_000;

  private static SignedLicence parse(String json) {
    SignedLicence known = PARSED.get(json);
    if (known != null) {
      return known;
    }
    try {
      SignedLicence parsed = SignedLicence.parse(json);
      if (PARSED.size() >= MAX_PARSED) {
        PARSED.clear();
      }
      PARSED.put(json, parsed);
      return parsed;
    } catch (LicenceFormatException e) {
      throw new IllegalStateException("a stored licence is not readable: " + e.getMessage(), e);
    }
  }
}
