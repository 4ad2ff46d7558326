package org.certhub.signer.qr;

import static org.certhub.signer.qr.Cose.*;
import static org.certhub.signer.qr.QrPresentations.*;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.certhub.signer.licence.LicenceId;
import org.certhub.signer.qr.QrVerificationException.Reason;

/**
 * Verifies a QR presentation offline against a {@link TrustList}. The algorithm comes from the
 * trusted key; the protected {@code alg} must agree with it or the presentation is refused. Field
 * indexes are named through the licence type the trust list carries.
 */
public final class QrVerifier {

  /** How far {@code iat} may lie ahead of the verifier's clock. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private QrVerifier() {}

  /**
   * Verifies a presentation.
   *
   * @param text the scanned text, {@code CH1:...}
   * @param trust the trusted signer keys and the licence types
   * @param now the verifier's clock
   * @return what the presentation proves, the disclosed fields by name
   * @throws QrVerificationException with the reason and the place of the first fault found
   */
  public static VerifiedPresentation verify(String text, TrustList trust, Instant now) throws QrVerificationException {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(now, "now");
    byte[] cose = Envelope.unwrap(text);
    Cose.Signed signed = Cose.verify1(cose, Cbor.Limits.DEFAULT, trust, null, H_DISCLOSURES);
    byte[] payload = signed.payload();
    Map<?, ?> unprotected = signed.unprotected();
    TrustedKey signer = signed.signer();
    byte[] kid = signed.kid();

    Map<?, ?> claims = map(cbor(payload, "payload"), "claims");
    onlyKeys(claims, "claims", EXP, IAT, NONCE, LICENCE);
    Instant exp = Instant.ofEpochSecond(integer(claims.get(EXP), "claims.exp (4)"));
    Instant iat = Instant.ofEpochSecond(integer(claims.get(IAT), "claims.iat (6)"));
    bytes(claims.get(NONCE), "claims.nonce (10)");
    Map<?, ?> lic = map(claims.get(LICENCE), "claims.licence (-65537)");
    onlyKeys(lic, "claims.licence", L_ID, L_HOLDER_NAME, L_STATUS_INDEX, L_COMMITMENT);
    LicenceId id = licenceId(lic.get(L_ID));
    Object holder = lic.get(L_HOLDER_NAME);
    if (!(holder instanceof Long)) {
      text(holder, "claims.licence.holderName (2)");
    }
    long statusIndex = integer(lic.get(L_STATUS_INDEX), "claims.licence.statusIndex (3)");
    if (statusIndex < 0 || statusIndex > Integer.MAX_VALUE) {
      throw malformed("claims.licence.statusIndex (3) must be 0 to " + Integer.MAX_VALUE + ", but was: " + statusIndex);
    }
    byte[] commitment = bytes(lic.get(L_COMMITMENT), "claims.licence.commitment (4)");
    if (commitment.length != DIGEST_BYTES) {
      throw malformed("claims.licence.commitment (4) must be a " + DIGEST_BYTES + "-byte SHA-256, but was: "
          + commitment.length + " bytes");
    }
    String iss = id.issuerCode();
    if (!signer.issuerCode().equals(iss)) {
      throw new QrVerificationException(Reason.UNKNOWN_ISSUER, "key " + HexFormat.of().formatHex(kid)
          + " is trusted for issuer " + signer.issuerCode() + ", but the licence id's issuer was: " + iss);
    }
    if (!exp.isAfter(iat)) {
      throw malformed("claims.exp must be after claims.iat " + iat + ", but was: " + exp);
    }

    Cose.checkCertificate(signer.certificate(), kid, now);
    if (iat.isAfter(now.plus(CLOCK_SKEW))) {
      throw new QrVerificationException(Reason.NOT_YET_VALID, "claims.iat must be at most " + CLOCK_SKEW.toSeconds()
          + " s after " + now + ", but was: " + iat);
    }
    if (!now.isBefore(exp)) {
      throw new QrVerificationException(Reason.EXPIRED, "claims.exp must be after " + now + ", but was: " + exp);
    }

    TrustedType licenceType = trust.type(id.typeCode()).orElseThrow(() -> new QrVerificationException(
        Reason.UNKNOWN_TYPE, "licence type " + id.typeCode() + " must be in the trust list, but was not"));
    TreeMap<String, String> disclosed = disclose(unprotected.get(H_DISCLOSURES), licenceType, commitment);
    String holderName = holder instanceof String name ? name : disclosed.get(licenceType.fields()
        .get((int) fieldIndex(holder, licenceType, "claims.licence.holderName (2)")).name());
    if (holderName == null) {
      throw malformed("claims.licence.holderName (2) must be a text or the index of a disclosed field, but was: "
          + "the undisclosed field " + holder);
    }
    return new VerifiedPresentation(iss, id, id.typeCode(), licenceType.name(), holderName, disclosed, iat, exp,
        (int) statusIndex);
  }

  /**
   * Opens the disclosures: derives the disclosed fields' salts from the subtree seeds, rebuilds every
   * field's digest by index (the disclosed ones recomputed, the undisclosed ones as carried) and
   * requires their hash to be the signed commitment.
   */
  private static TreeMap<String, String> disclose(Object raw, TrustedType type, byte[] commitment)
      throws QrVerificationException {
    String where = "unprotected.disclosures (-65537)";
    List<?> sd = list(raw, where);
    if (sd.size() != 3) {
      throw malformed(where + " must be [disclosed values, subtree seeds, undisclosed digests], but had "
          + sd.size() + " items");
    }
    Map<?, ?> values = map(sd.get(0), where + "[0] (disclosed values)");
    byte[] seeds = bytes(sd.get(1), where + "[1] (subtree seeds)");
    Map<?, ?> undisclosed = map(sd.get(2), where + "[2] (undisclosed digests)");
    Map<Object, Object> digests = new TreeMap<>();
    for (Map.Entry<?, ?> e : undisclosed.entrySet()) {
      long index = fieldIndex(e.getKey(), type, where + "[2] key");
      byte[] d = bytes(e.getValue(), where + "[2][" + index + "]");
      if (d.length != DIGEST_BYTES) {
        throw malformed(where + "[2][" + index + "] must be a " + DIGEST_BYTES + "-byte digest, but was: " + d.length
            + " bytes");
      }
      digests.put(index, d);
    }
    // The decoder has already refused duplicate or unsorted indexes (deterministic map keys).
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    for (Map.Entry<?, ?> e : values.entrySet()) {
      long index = fieldIndex(e.getKey(), type, where + "[0] key");
      if (digests.containsKey(index)) {
        throw malformed(where + "[0] key must not also be an undisclosed digest's, but was: " + index);
      }
      byIndex.put((int) index, text(e.getValue(), where + "[0][" + index + "]"));
    }
    List<SaltTree.Node> cover = SaltTree.cover(byIndex.navigableKeySet());
    if (seeds.length != cover.size() * SaltTree.SEED_BYTES) {
      throw malformed(where + "[1] (subtree seeds) must be " + cover.size() + " seeds of " + SaltTree.SEED_BYTES
          + " bytes for the disclosed fields " + byIndex.keySet() + ", but was: " + seeds.length + " bytes");
    }
    for (int k = 0; k < cover.size(); k++) {
      SaltTree.Node node = cover.get(k);
      byte[] seed = Arrays.copyOfRange(seeds, k * SaltTree.SEED_BYTES, (k + 1) * SaltTree.SEED_BYTES);
      List<byte[]> salts = SaltTree.leaves(seed, node);
      for (int j = 0; j < salts.size(); j++) {
        int index = node.firstLeaf() + j;
        digests.put((long) index, digest(salts.get(j), index, byIndex.get(index)));
      }
    }
    if (!MessageDigest.isEqual(commitment(digests), commitment)) {
      throw new QrVerificationException(Reason.TAMPERED_DISCLOSURE, where + " must hash to the signed commitment, "
          + "but did not: a disclosed value, a subtree seed or an undisclosed digest was changed");
    }
    TreeMap<String, String> disclosed = new TreeMap<>();
    byIndex.forEach((index, value) -> disclosed.put(type.fields().get(index).name(), value));
    return disclosed;
  }

  /** The licence id from {@code [type code, issuer code, serial, version]}; the check character is recomputed. */
  private static LicenceId licenceId(Object raw) throws QrVerificationException {
    String where = "claims.licence.id (1)";
    List<?> parts = list(raw, where);
    if (parts.size() != 4) {
      throw malformed(where + " must be [type code, issuer code, serial, version], but had " + parts.size() + " items");
    }
    String typeCode = text(parts.get(0), where + "[0] (type code)");
    String issuerCode = text(parts.get(1), where + "[1] (issuer code)");
    String serial = text(parts.get(2), where + "[2] (serial)");
    long version = integer(parts.get(3), where + "[3] (version)");
    if (version < 1 || version > 999) {
      throw malformed(where + "[3] (version) must be 1 to 999, but was: " + version);
    }
    try {
      return LicenceId.of(typeCode, issuerCode, serial, (int) version);
    } catch (IllegalArgumentException e) {
      throw malformed(where + ": " + e.getMessage());
    }
  }

  /** A field index of the type (and of the salt tree): 0 to the number of its fields, exclusive. */
  private static long fieldIndex(Object v, TrustedType type, String where) throws QrVerificationException {
    long index = integer(v, where);
    int fields = Math.min(type.fields().size(), SaltTree.LEAVES);
    if (index < 0 || index >= fields) {
      throw malformed(where + " must be a field index of type " + type.code() + " (0 to " + (fields - 1)
          + "), but was: " + index);
    }
    return index;
  }

  /**
   * Checks a verified presentation against a verified status list of its issuer.
   *
   * @param presentation from {@link #verify}
   * @param status from {@link StatusList#verify}, for {@code presentation.issuerCode()}
   * @param now the verifier's clock
   * @return the status list's age at {@code now}, for a "status as of" display
   * @throws QrVerificationException REVOKED if the licence's bit is set (the message gives the list's
   *     issue time, expiry and age); UNKNOWN_ISSUER if the list is for another issuer; EXPIRED if
   *     the list has expired; MALFORMED if the index is beyond the list
   */
  public static Duration checkStatus(VerifiedPresentation presentation, StatusList.Verified status, Instant now)
      throws QrVerificationException {
    Objects.requireNonNull(presentation, "presentation");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(now, "now");
    String freshness = "status list of " + status.subject() + " issued " + status.issuedAt() + ", valid until "
        + status.expiry() + ", " + status.age(now).toSeconds() + " s old at " + now;
    if (!status.subject().equals(presentation.issuerCode()) && !status.subject().equals(StatusList.ALL_ISSUERS)) {
      throw new QrVerificationException(Reason.UNKNOWN_ISSUER, "status list must be for the presentation's issuer "
          + presentation.issuerCode() + " or for " + StatusList.ALL_ISSUERS + ", but was: " + freshness);
    }
    if (!now.isBefore(status.expiry())) {
      throw new QrVerificationException(Reason.EXPIRED, "status list must be unexpired, but was: " + freshness);
    }
    int index = presentation.statusIndex();
    if (index >= status.list().size()) {
      throw malformed("status index must be below the list size " + status.list().size() + ", but was: " + index
          + " (" + freshness + ")");
    }
    if (status.list().isRevoked(index)) {
      throw new QrVerificationException(Reason.REVOKED, "licence " + presentation.licenceId() + " (status index "
          + index + ") must be valid, but is revoked in the " + freshness);
    }
    return status.age(now);
  }
}
