package org.certhub.signer.qr;

import static org.certhub.signer.qr.QrPresentations.COSE_SIGN1_TAG;
import static org.certhub.signer.qr.QrPresentations.H_ALG;
import static org.certhub.signer.qr.QrPresentations.H_KID;
import static org.certhub.signer.qr.QrPresentations.sigStructure;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.WeakHashMap;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.algorithm.UnsupportedAlgorithmException;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Verifier;
import org.certhub.signer.qr.QrVerificationException.Reason;

/**
 * The one COSE_Sign1 code path of the package: presentations, status lists and signed trust lists
 * are all signed by {@link #sign1} and checked by {@link #verify1}, plus the typed readers of decoded
 * CBOR that turn a wrong shape into {@link Reason#MALFORMED}.
 */
final class Cose {

  /** COSE {@code typ} header (RFC 9596). Absent for presentations, required for the other types. */
  static final long H_TYP = 16;

  /** What {@link #verify1} established: the payload bytes are signed by {@code signer}. */
  record Signed(byte[] payload, Map<?, ?> unprotected, TrustedKey signer, byte[] kid) {}

  /** Weak keys: an entry goes with the last trust list that holds its certificate. */
  private static final Map<X509Certificate, Verifier> VERIFIERS = new WeakHashMap<>();

  private Cose() {}

  /**
   * Signs {@code payload} as a tagged COSE_Sign1 with protected {alg, kid[, typ]}; the algorithm is
   * the key's, the kid the first 8 bytes of SHA-256 over its leaf certificate.
   */
  static byte[] sign1(KeyHandle key, String typ, byte[] payload, Map<Object, Object> unprotected)
      throws SignerException {
    if (key.chain().isEmpty()) {
      throw new IllegalArgumentException("key must have a certificate (the kid is its hash), but had none");
    }
    CoseAlgorithm alg = CoseAlgorithm.forKey(key.algorithm());
    Map<Object, Object> protectedHeader = new TreeMap<>();
    protectedHeader.put(H_ALG, alg.value());
    protectedHeader.put(H_KID, TrustedKey.kidOf(key.chain().get(0)));
    if (typ != null) {
      protectedHeader.put(H_TYP, typ);
    }
    byte[] protectedBytes = Cbor.encode(protectedHeader);
    byte[] signature = alg.sign(key, sigStructure(protectedBytes, payload));
    return Cbor.encode(new Cbor.Tag(COSE_SIGN1_TAG, List.of(protectedBytes, unprotected, payload, signature)));
  }

  /**
   * Decodes a tagged COSE_Sign1 within {@code limits} and verifies its signature with a trusted key
   * of the same {@code kid}, before anything in the payload is believed.
   *
   * @param typ the required protected {@code typ}, or null for none (then a {@code typ} is refused)
   * @param allowedUnprotected labels allowed in the unprotected header
   */
  static Signed verify1(byte[] cose, Cbor.Limits limits, TrustList trust, String typ, long... allowedUnprotected)
      throws QrVerificationException {
    Object top = cbor(cose, limits, "COSE_Sign1");
    if (!(top instanceof Cbor.Tag tag) || tag.tag() != COSE_SIGN1_TAG || !(tag.content() instanceof List<?> msg)
        || msg.size() != 4) {
      throw malformed("COSE_Sign1 must be tag 18 over an array of 4, but was: " + Cbor.kind(top));
    }
    byte[] protectedBytes = bytes(msg.get(0), "COSE_Sign1[0] (protected)");
    Map<?, ?> unprotected = map(msg.get(1), "COSE_Sign1[1] (unprotected)");
    byte[] payload = bytes(msg.get(2), "COSE_Sign1[2] (payload)");
    byte[] signature = bytes(msg.get(3), "COSE_Sign1[3] (signature)");

    Map<?, ?> prot = map(cbor(protectedBytes, Cbor.Limits.DEFAULT, "protected header"), "protected header");
    if (typ == null) {
      onlyKeys(prot, "protected header", H_ALG, H_KID);
    } else {
      onlyKeys(prot, "protected header", H_ALG, H_KID, H_TYP);
      String actual = text(prot.get(H_TYP), "protected header typ (16)");
      if (!typ.equals(actual)) {
        throw malformed("protected header typ (16) must be \"" + typ + "\", but was: \"" + actual + "\"");
      }
    }
    long alg = integer(prot.get(H_ALG), "protected header alg (1)");
    byte[] kid = bytes(prot.get(H_KID), "protected header kid (4)");
    onlyKeys(unprotected, "unprotected header", allowedUnprotected);

    List<TrustedKey> candidates = trust.byKid(kid);
    if (candidates.isEmpty()) {
      throw new QrVerificationException(Reason.UNKNOWN_ISSUER,
          "kid " + HexFormat.of().formatHex(kid) + " must be in the trust list, but was not");
    }
    CoseAlgorithm expected = null;
    for (TrustedKey k : candidates) {
      CoseAlgorithm a = algorithmOf(k);
      expected = a;
      if (a.value() == alg && a.verify(verifierOf(k), signature, sigStructure(protectedBytes, payload))) {
        return new Signed(payload, unprotected, k, kid);
      }
    }
    boolean anyAlgMatch = candidates.stream().anyMatch(k -> algorithmOf(k).value() == alg);
    if (!anyAlgMatch) {
      throw new QrVerificationException(Reason.ALGORITHM_MISMATCH, "protected header alg must be " + expected.value()
          + " (" + expected + ", fixed by the trusted key " + HexFormat.of().formatHex(kid) + "), but was: " + alg);
    }
    throw new QrVerificationException(Reason.BAD_SIGNATURE, "COSE_Sign1 signature must verify with the trusted key "
        + HexFormat.of().formatHex(kid) + ", but did not (" + signature.length + " bytes)");
  }

  /** The signer certificate must be valid at {@code now}. */
  static void checkCertificate(X509Certificate cert, byte[] kid, Instant now) throws QrVerificationException {
    if (now.isBefore(cert.getNotBefore().toInstant())) {
      throw new QrVerificationException(Reason.NOT_YET_VALID, "signer certificate " + HexFormat.of().formatHex(kid)
          + " must be valid at " + now + ", but starts at " + cert.getNotBefore().toInstant());
    }
    if (now.isAfter(cert.getNotAfter().toInstant())) {
      throw new QrVerificationException(Reason.EXPIRED, "signer certificate " + HexFormat.of().formatHex(kid)
          + " must be valid at " + now + ", but expired at " + cert.getNotAfter().toInstant());
    }
  }

  /** {@code iat} no later than now plus the skew, {@code exp} after now, {@code exp} after {@code iat}. */
  static void checkWindow(String what, Instant iat, Instant exp, Instant now) throws QrVerificationException {
    if (!exp.isAfter(iat)) {
      throw malformed(what + " exp must be after iat " + iat + ", but was: " + exp);
    }
    if (iat.isAfter(now.plus(QrVerifier.CLOCK_SKEW))) {
      throw new QrVerificationException(Reason.NOT_YET_VALID, what + " iat must be at most "
          + QrVerifier.CLOCK_SKEW.toSeconds() + " s after " + now + ", but was: " + iat);
    }
    if (!now.isBefore(exp)) {
      throw new QrVerificationException(Reason.EXPIRED, what + " exp must be after " + now + ", but was: " + exp
          + " (issued " + iat + ")");
    }
  }

  static CoseAlgorithm algorithmOf(TrustedKey k) {
    try {
      return CoseAlgorithm.forKey(SignatureAlgorithm.forKey(k.certificate().getPublicKey()));
    } catch (UnsupportedAlgorithmException e) {
      throw new IllegalArgumentException("trusted key must use SM2, P-256 or Ed25519: " + e.getMessage(), e);
    }
  }

  /**
   * The verifier of a trusted key, kept while its certificate is in use: setting one up costs more
   * than a verification (the key is converted, and for SM2 the user-ID digest Z is derived).
   */
  static Verifier verifierOf(TrustedKey k) {
    synchronized (VERIFIERS) {
      Verifier v = VERIFIERS.get(k.certificate());
      if (v == null) {
        try {
          v = Verifier.forCertificate(k.certificate());
        } catch (UnsupportedAlgorithmException e) {
          throw new IllegalArgumentException("trusted key must use SM2, P-256 or Ed25519: " + e.getMessage(), e);
        }
        VERIFIERS.put(k.certificate(), v);
      }
      return v;
    }
  }

  // ---- typed readers ----

  static Object cbor(byte[] data, String where) throws QrVerificationException {
    return cbor(data, Cbor.Limits.DEFAULT, where);
  }

  static Object cbor(byte[] data, Cbor.Limits limits, String where) throws QrVerificationException {
    try {
      return Cbor.decode(Objects.requireNonNull(data, "data"), limits);
    } catch (Cbor.CborException e) {
      throw malformed(where + ": " + e.getMessage());
    }
  }

  static void onlyKeys(Map<?, ?> m, String where, long... allowed) throws QrVerificationException {
    for (Object k : m.keySet()) {
      boolean ok = false;
      for (long a : allowed) {
        ok |= Long.valueOf(a).equals(k);
      }
      if (!ok) {
        throw malformed(where + " must have only the keys " + Arrays.toString(allowed) + ", but had: " + k);
      }
    }
  }

  static byte[] bytes(Object v, String where) throws QrVerificationException {
    if (v instanceof byte[] b) {
      return b;
    }
    throw malformed(where + " must be a byte string, but was: " + (v == null ? "missing" : Cbor.kind(v)));
  }

  static String text(Object v, String where) throws QrVerificationException {
    if (v instanceof String s) {
      return s;
    }
    throw malformed(where + " must be a text string, but was: " + (v == null ? "missing" : Cbor.kind(v)));
  }

  static long integer(Object v, String where) throws QrVerificationException {
    if (v instanceof Long n) {
      return n;
    }
    throw malformed(where + " must be an integer, but was: " + (v == null ? "missing" : Cbor.kind(v)));
  }

  static Map<?, ?> map(Object v, String where) throws QrVerificationException {
    if (v instanceof Map<?, ?> m) {
      return m;
    }
    throw malformed(where + " must be a map, but was: " + (v == null ? "missing" : Cbor.kind(v)));
  }

  static List<?> list(Object v, String where) throws QrVerificationException {
    if (v instanceof List<?> l) {
      return l;
    }
    throw malformed(where + " must be an array, but was: " + (v == null ? "missing" : Cbor.kind(v)));
  }

  static QrVerificationException malformed(String message) {
    return new QrVerificationException(Reason.MALFORMED, message);
  }
}
