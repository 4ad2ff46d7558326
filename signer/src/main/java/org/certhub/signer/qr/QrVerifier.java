package org.certhub.signer.qr;

import static org.certhub.signer.qr.QrPresentations.*;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.algorithm.UnsupportedAlgorithmException;
import org.certhub.signer.key.Verifier;
import org.certhub.signer.licence.LicenceFormatException;
import org.certhub.signer.licence.LicenceId;
import org.certhub.signer.qr.QrVerificationException.Reason;

/**
 * Verifies a QR presentation offline against a {@link TrustList}. The algorithm comes from the
 * trusted key; the protected {@code alg} must agree with it or the presentation is refused.
 */
public final class QrVerifier {

  /** How far {@code iat} may lie ahead of the verifier's clock. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private QrVerifier() {}

  /**
   * Verifies a presentation.
   *
   * @param text the scanned text, {@code CH1:...}
   * @param trust the trusted signer keys
   * @param now the verifier's clock
   * @return what the presentation proves
   * @throws QrVerificationException with the reason and the place of the first fault found
   */
  public static VerifiedPresentation verify(String text, TrustList trust, Instant now) throws QrVerificationException {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(now, "now");
    byte[] cose = Envelope.unwrap(text);
    Object top = cbor(cose, "COSE_Sign1");
    if (!(top instanceof Cbor.Tag tag) || tag.tag() != COSE_SIGN1_TAG || !(tag.content() instanceof List<?> msg)
        || msg.size() != 4) {
      throw malformed("COSE_Sign1 must be tag 18 over an array of 4, but was: " + Cbor.kind(top));
    }
    byte[] protectedBytes = bytes(msg.get(0), "COSE_Sign1[0] (protected)");
    Map<?, ?> unprotected = map(msg.get(1), "COSE_Sign1[1] (unprotected)");
    byte[] payload = bytes(msg.get(2), "COSE_Sign1[2] (payload)");
    byte[] signature = bytes(msg.get(3), "COSE_Sign1[3] (signature)");

    Map<?, ?> prot = map(cbor(protectedBytes, "protected header"), "protected header");
    onlyKeys(prot, "protected header", H_ALG, H_KID);
    long alg = integer(prot.get(H_ALG), "protected header alg (1)");
    byte[] kid = bytes(prot.get(H_KID), "protected header kid (4)");
    onlyKeys(unprotected, "unprotected header", H_DISCLOSURES);

    // Signature before anything in the payload is believed.
    List<TrustedKey> candidates = trust.byKid(kid);
    if (candidates.isEmpty()) {
      throw new QrVerificationException(Reason.UNKNOWN_ISSUER,
          "kid " + HexFormat.of().formatHex(kid) + " must be in the trust list, but was not");
    }
    TrustedKey signer = null;
    CoseAlgorithm expected = null;
    for (TrustedKey k : candidates) {
      CoseAlgorithm a = algorithmOf(k);
      expected = a;
      if (a.value() == alg) {
        if (a.verify(verifierOf(k), signature, sigStructure(protectedBytes, payload))) {
          signer = k;
          break;
        }
      }
    }
    if (signer == null) {
      boolean anyAlgMatch = candidates.stream().anyMatch(k -> algorithmOf(k).value() == alg);
      if (!anyAlgMatch) {
        throw new QrVerificationException(Reason.ALGORITHM_MISMATCH, "protected header alg must be " + expected.value()
            + " (" + expected + ", fixed by the trusted key " + HexFormat.of().formatHex(kid) + "), but was: " + alg);
      }
      throw new QrVerificationException(Reason.BAD_SIGNATURE, "COSE_Sign1 signature must verify with the trusted key "
          + HexFormat.of().formatHex(kid) + ", but did not (" + signature.length + " bytes)");
    }

    Map<?, ?> claims = map(cbor(payload, "payload"), "claims");
    onlyKeys(claims, "claims", ISS, EXP, IAT, NONCE, LICENCE);
    String iss = text(claims.get(ISS), "claims.iss (1)");
    Instant exp = Instant.ofEpochSecond(integer(claims.get(EXP), "claims.exp (4)"));
    Instant iat = Instant.ofEpochSecond(integer(claims.get(IAT), "claims.iat (6)"));
    bytes(claims.get(NONCE), "claims.nonce (10)");
    Map<?, ?> lic = map(claims.get(LICENCE), "claims.licence (-65537)");
    onlyKeys(lic, "claims.licence", L_ID, L_TYPE, L_HOLDER_NAME, L_STATUS_INDEX, L_DIGESTS);
    String idText = text(lic.get(L_ID), "claims.licence.id (1)");
    String type = text(lic.get(L_TYPE), "claims.licence.type (2)");
    String holderName = text(lic.get(L_HOLDER_NAME), "claims.licence.holderName (3)");
    long statusIndex = integer(lic.get(L_STATUS_INDEX), "claims.licence.statusIndex (4)");
    if (statusIndex < 0 || statusIndex > Integer.MAX_VALUE) {
      throw malformed("claims.licence.statusIndex (4) must be 0 to " + Integer.MAX_VALUE + ", but was: " + statusIndex);
    }
    List<?> digestList = list(lic.get(L_DIGESTS), "claims.licence.digests (5)");
    Set<String> digests = new HashSet<>();
    for (int i = 0; i < digestList.size(); i++) {
      byte[] d = bytes(digestList.get(i), "claims.licence.digests[" + i + "]");
      if (d.length != DIGEST_BYTES || !digests.add(HexFormat.of().formatHex(d))) {
        throw malformed("claims.licence.digests[" + i + "] must be a distinct " + DIGEST_BYTES + "-byte SHA-256, but was: "
            + d.length + " bytes" + (d.length == DIGEST_BYTES ? " (duplicate)" : ""));
      }
    }
    LicenceId id;
    try {
      id = LicenceId.parse(idText);
    } catch (LicenceFormatException e) {
      throw malformed("claims.licence.id (1): " + e.getMessage());
    }
    if (!id.typeCode().equals(type) || !id.issuerCode().equals(iss)) {
      throw malformed("claims.iss and claims.licence.type must match the licence id " + id + ", but were: " + iss + ", " + type);
    }
    if (!signer.issuerCode().equals(iss)) {
      throw new QrVerificationException(Reason.UNKNOWN_ISSUER, "key " + HexFormat.of().formatHex(kid)
          + " is trusted for issuer " + signer.issuerCode() + ", but claims.iss was: " + iss);
    }
    if (!exp.isAfter(iat)) {
      throw malformed("claims.exp must be after claims.iat " + iat + ", but was: " + exp);
    }

    X509Certificate cert = signer.certificate();
    if (now.isBefore(cert.getNotBefore().toInstant())) {
      throw new QrVerificationException(Reason.NOT_YET_VALID, "signer certificate " + HexFormat.of().formatHex(kid)
          + " must be valid at " + now + ", but starts at " + cert.getNotBefore().toInstant());
    }
    if (now.isAfter(cert.getNotAfter().toInstant())) {
      throw new QrVerificationException(Reason.EXPIRED, "signer certificate " + HexFormat.of().formatHex(kid)
          + " must be valid at " + now + ", but expired at " + cert.getNotAfter().toInstant());
    }
    if (iat.isAfter(now.plus(CLOCK_SKEW))) {
      throw new QrVerificationException(Reason.NOT_YET_VALID, "claims.iat must be at most " + CLOCK_SKEW.toSeconds()
          + " s after " + now + ", but was: " + iat);
    }
    if (!now.isBefore(exp)) {
      throw new QrVerificationException(Reason.EXPIRED, "claims.exp must be after " + now + ", but was: " + exp);
    }

    TreeMap<String, String> disclosed = new TreeMap<>();
    Object rawDisclosures = unprotected.get(H_DISCLOSURES);
    if (rawDisclosures != null) {
      List<?> ds = list(rawDisclosures, "unprotected.disclosures (-65537)");
      for (int i = 0; i < ds.size(); i++) {
        String where = "unprotected.disclosures[" + i + "]";
        byte[] d = bytes(ds.get(i), where);
        List<?> triple = list(cbor(d, where), where);
        if (triple.size() != 3) {
          throw malformed(where + " must be [salt, name, value], but had " + triple.size() + " items");
        }
        byte[] salt = bytes(triple.get(0), where + "[0] (salt)");
        String name = text(triple.get(1), where + "[1] (name)");
        String value = text(triple.get(2), where + "[2] (value)");
        if (salt.length != SALT_BYTES) {
          throw malformed(where + "[0] (salt) must be " + SALT_BYTES + " bytes, but was: " + salt.length);
        }
        if (!digests.contains(HexFormat.of().formatHex(sha256(d)))) {
          throw new QrVerificationException(Reason.TAMPERED_DISCLOSURE, where + " (field \"" + name
              + "\") must match a signed digest, but matched none: the salt, name or value was changed");
        }
        if (disclosed.put(name, value) != null) {
          throw new QrVerificationException(Reason.TAMPERED_DISCLOSURE, where + " (field \"" + name
              + "\") must disclose a field once, but it was disclosed twice");
        }
      }
    }
    return new VerifiedPresentation(iss, id, type, holderName, disclosed, iat, exp, (int) statusIndex);
  }

  private static CoseAlgorithm algorithmOf(TrustedKey k) {
    try {
      return CoseAlgorithm.forKey(SignatureAlgorithm.forKey(k.certificate().getPublicKey()));
    } catch (UnsupportedAlgorithmException e) {
      throw new IllegalArgumentException("trusted key must use SM2, P-256 or Ed25519: " + e.getMessage(), e);
    }
  }

  private static Verifier verifierOf(TrustedKey k) {
    try {
      return Verifier.forCertificate(k.certificate());
    } catch (UnsupportedAlgorithmException e) {
      throw new IllegalArgumentException("trusted key must use SM2, P-256 or Ed25519: " + e.getMessage(), e);
    }
  }

  private static Object cbor(byte[] data, String where) throws QrVerificationException {
    try {
      return Cbor.decode(data);
    } catch (Cbor.CborException e) {
      throw malformed(where + ": " + e.getMessage());
    }
  }

  private static void onlyKeys(Map<?, ?> m, String where, long... allowed) throws QrVerificationException {
    for (Object k : m.keySet()) {
      boolean ok = false;
      for (long a : allowed) {
        ok |= Long.valueOf(a).equals(k);
      }
      if (!ok) {
        throw malformed(where + " must have only the keys " + java.util.Arrays.toString(allowed) + ", but had: " + k);
      }
    }
  }

  private static byte[] bytes(Object v, String where) throws QrVerificationException {
    if (v instanceof byte[] b) {
      return b;
    }
    throw malformed(where + " must be a byte string, but was: " + (v == null ? "missing" : Cbor.kind(v)));
  }

  private static String text(Object v, String where) throws QrVerificationException {
    if (v instanceof String s) {
      return s;
    }
    throw malformed(where + " must be a text string, but was: " + (v == null ? "missing" : Cbor.kind(v)));
  }

  private static long integer(Object v, String where) throws QrVerificationException {
    if (v instanceof Long n) {
      return n;
    }
    throw malformed(where + " must be an integer, but was: " + (v == null ? "missing" : Cbor.kind(v)));
  }

  private static Map<?, ?> map(Object v, String where) throws QrVerificationException {
    if (v instanceof Map<?, ?> m) {
      return m;
    }
    throw malformed(where + " must be a map, but was: " + (v == null ? "missing" : Cbor.kind(v)));
  }

  private static List<?> list(Object v, String where) throws QrVerificationException {
    if (v instanceof List<?> l) {
      return l;
    }
    throw malformed(where + " must be an array, but was: " + (v == null ? "missing" : Cbor.kind(v)));
  }

  private static QrVerificationException malformed(String message) {
    return new QrVerificationException(Reason.MALFORMED, message);
  }
}
