package org.certhub.signer.qr;

import static org.certhub.signer.qr.Cose.*;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateVerificationException;
import org.certhub.signer.pki.ChainValidator;
import org.certhub.signer.qr.QrVerificationException.Reason;

/**
 * The issuer keys a verifier app trusts, signed by the hub so it can be cached offline: a tagged
 * COSE_Sign1, protected {@code typ} (16) {@value #TYP}, unprotected {@code x5chain} (33, RFC 9360:
 * the hub's certificate chain, leaf first), over deterministic CBOR
 *
 * <pre>
 * { 4 (exp): uint seconds,  6 (iat): uint seconds,
 *   -65538 (keys): [ * { 1 (kid): bstr 8,  2 (cert): bstr DER,  3 (issuer): tstr issuer code,
 *                        4 (nbf): int seconds,  5 (naf): int seconds } ]   sorted bytewise, distinct
 *   -65539 (types): [ * { 1 (code): tstr,  2 (name): tstr,
 *                         3 (fields): [ * [ name: tstr, label: tstr ] ] } ]  sorted bytewise, codes distinct }
 * </pre>
 *
 * <p>The types map the field indexes of presentations to names ({@link TrustedType}); a type's field
 * list is append-only.
 *
 * <p>{@code kid}, {@code nbf} and {@code naf} repeat the certificate's (SHA-256 prefix, validity) so a
 * reader can see them without X.509; the verifier refuses an entry where they disagree.
 */
public final class SignedTrustList {

  /** The COSE {@code typ}. */
  public static final String TYP = "application/x.certhub.trustlist+cwt";

  static final long EXP = 4;
  static final long IAT = 6;
  static final long KEYS = -65538;
  static final long TYPES = -65539;
  static final long T_CODE = 1;
  static final long T_NAME = 2;
  static final long T_FIELDS = 3;
  static final long K_KID = 1;
  static final long K_CERT = 2;
  static final long K_ISSUER = 3;
  static final long K_NBF = 4;
  static final long K_NAF = 5;
  /** COSE {@code x5chain} (RFC 9360). */
  static final long H_X5CHAIN = 33;
  /** 4 MiB, 11 items per key: several thousand keys and a catalogue of types. */
  static final Cbor.Limits LIMITS = new Cbor.Limits(4 << 20, 8, 100_000);

  /** A verified trust list and how fresh it is. */
  public record Verified(TrustList trust, Instant issuedAt, Instant expiry) {
    /** Rejects nulls. */
    public Verified {
      Objects.requireNonNull(trust, "trust");
      Objects.requireNonNull(issuedAt, "issuedAt");
      Objects.requireNonNull(expiry, "expiry");
    }

    /**
     * How old the list is at {@code now}.
     *
     * @param now the verifier's clock
     * @return {@code now - issuedAt}
     */
    public Duration age(Instant now) {
      return Duration.between(issuedAt, now);
    }
  }

  private SignedTrustList() {}

  /**
   * Signs a trust list with the hub key (its algorithm, its chain as {@code x5chain}).
   *
   * @param trust the trusted issuer keys and the licence types presentations may be of
   * @param hubKey the hub's signing key, with its certificate chain
   * @param now the issue time
   * @param ttl time until {@code exp}, positive
   * @return the COSE bytes
   * @throws SignerException if the key fails to sign
   */
  public static byte[] sign(TrustList trust, KeyHandle hubKey, Instant now, Duration ttl) throws SignerException {
    Objects.requireNonNull(trust, "trust");
    Objects.requireNonNull(hubKey, "hubKey");
    Objects.requireNonNull(now, "now");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, but was: " + ttl);
    }
    List<Object> entries = new ArrayList<>();
    for (TrustedKey k : trust.keys()) {
      X509Certificate c = k.certificate();
      Map<Object, Object> e = new TreeMap<>();
      e.put(K_KID, k.kid());
      e.put(K_CERT, der(c));
      e.put(K_ISSUER, k.issuerCode());
      e.put(K_NBF, c.getNotBefore().toInstant().getEpochSecond());
      e.put(K_NAF, c.getNotAfter().toInstant().getEpochSecond());
      entries.add(e);
    }
    List<Object> typeEntries = new ArrayList<>();
    for (TrustedType t : trust.types()) {
      Map<Object, Object> e = new TreeMap<>();
      e.put(T_CODE, t.code());
      e.put(T_NAME, t.name());
      e.put(T_FIELDS, t.fields().stream().map(f -> (Object) List.of(f.name(), f.label())).toList());
      typeEntries.add(e);
    }
    Map<Object, Object> claims = new TreeMap<>();
    claims.put(EXP, now.plus(ttl).getEpochSecond());
    claims.put(IAT, now.getEpochSecond());
    claims.put(KEYS, sortedDistinct(entries));
    claims.put(TYPES, sortedDistinct(typeEntries));
    List<Object> chain = new ArrayList<>();
    for (X509Certificate c : hubKey.chain()) {
      chain.add(der(c));
    }
    return Cose.sign1(hubKey, TYP, Cbor.encode(claims), Map.of(H_X5CHAIN, chain));
  }

  /**
   * Verifies a signed trust list. {@code hub} is either the hub's signing certificate itself
   * (pinned: its {@code kid} matches) or a trust anchor: then the {@code x5chain} must validate to
   * it ({@link ChainValidator}, document-signing profile, at {@code now}).
   *
   * @param signed the COSE bytes
   * @param hub the hub's signing certificate or its CA
   * @param now the verifier's clock
   * @return the trust list with its issue time and expiry
   * @throws QrVerificationException MALFORMED, UNKNOWN_ISSUER (key not the hub's nor chained to
   *     it), ALGORITHM_MISMATCH, BAD_SIGNATURE, EXPIRED or NOT_YET_VALID
   */
  public static Verified verify(byte[] signed, X509Certificate hub, Instant now) throws QrVerificationException {
    Objects.requireNonNull(signed, "signed");
    Objects.requireNonNull(hub, "hub");
    Objects.requireNonNull(now, "now");
    TrustList hubTrust = hubKeys(signed, hub, now);
    Cose.Signed s = Cose.verify1(signed, LIMITS, hubTrust, TYP, H_X5CHAIN);
    Cose.checkCertificate(s.signer().certificate(), s.kid(), now);
    Map<?, ?> claims = map(cbor(s.payload(), LIMITS, "trust list payload"), "trust list claims");
    onlyKeys(claims, "trust list claims", EXP, IAT, KEYS, TYPES);
    Instant exp = Instant.ofEpochSecond(integer(claims.get(EXP), "trust list exp (4)"));
    Instant iat = Instant.ofEpochSecond(integer(claims.get(IAT), "trust list iat (6)"));
    List<?> entries = list(claims.get(KEYS), "trust list keys (-65538)");
    List<TrustedKey> keys = new ArrayList<>();
    byte[] prev = null;
    for (int i = 0; i < entries.size(); i++) {
      String where = "trust list keys[" + i + "]";
      Map<?, ?> e = map(entries.get(i), where);
      onlyKeys(e, where, K_KID, K_CERT, K_ISSUER, K_NBF, K_NAF);
      byte[] enc = Cbor.encode(e);
      if (prev != null && Arrays.compareUnsigned(prev, enc) >= 0) {
        throw malformed(where + " must sort after the previous entry and differ from it, but did not");
      }
      prev = enc;
      byte[] kid = bytes(e.get(K_KID), where + ".kid (1)");
      X509Certificate cert = certificate(bytes(e.get(K_CERT), where + ".cert (2)"), where + ".cert (2)");
      String issuer = text(e.get(K_ISSUER), where + ".issuer (3)");
      long nbf = integer(e.get(K_NBF), where + ".nbf (4)");
      long naf = integer(e.get(K_NAF), where + ".naf (5)");
      if (issuer.isBlank()) {
        throw malformed(where + ".issuer (3) must be non-blank, but was blank");
      }
      TrustedKey k = new TrustedKey(issuer, cert);
      if (!Arrays.equals(kid, k.kid()) || nbf != cert.getNotBefore().toInstant().getEpochSecond()
          || naf != cert.getNotAfter().toInstant().getEpochSecond()) {
        throw malformed(where + " kid, nbf and naf must be the certificate's (" + HexFormat.of().formatHex(k.kid())
            + ", " + cert.getNotBefore().toInstant() + ", " + cert.getNotAfter().toInstant() + "), but were: "
            + HexFormat.of().formatHex(kid) + ", " + Instant.ofEpochSecond(nbf) + ", " + Instant.ofEpochSecond(naf));
      }
      keys.add(k);
    }
    List<TrustedType> types = types(list(claims.get(TYPES), "trust list types (-65539)"));
    Cose.checkWindow("trust list", iat, exp, now);
    return new Verified(new TrustList(keys, types), iat, exp);
  }

  private static List<TrustedType> types(List<?> entries) throws QrVerificationException {
    List<TrustedType> types = new ArrayList<>();
    Set<String> codes = new HashSet<>();
    byte[] prev = null;
    for (int i = 0; i < entries.size(); i++) {
      String where = "trust list types[" + i + "]";
      Map<?, ?> e = map(entries.get(i), where);
      onlyKeys(e, where, T_CODE, T_NAME, T_FIELDS);
      byte[] enc = Cbor.encode(e);
      if (prev != null && Arrays.compareUnsigned(prev, enc) >= 0) {
        throw malformed(where + " must sort after the previous entry and differ from it, but did not");
      }
      prev = enc;
      String code = text(e.get(T_CODE), where + ".code (1)");
      if (!codes.add(code)) {
        throw malformed(where + ".code (1) must differ from the other types' codes, but repeats: " + code);
      }
      String name = text(e.get(T_NAME), where + ".name (2)");
      List<?> fs = list(e.get(T_FIELDS), where + ".fields (3)");
      List<TrustedType.Field> fields = new ArrayList<>();
      for (int j = 0; j < fs.size(); j++) {
        List<?> f = list(fs.get(j), where + ".fields[" + j + "]");
        if (f.size() != 2) {
          throw malformed(where + ".fields[" + j + "] must be [name, label], but had " + f.size() + " items");
        }
        try {
          fields.add(new TrustedType.Field(text(f.get(0), where + ".fields[" + j + "][0]"),
              text(f.get(1), where + ".fields[" + j + "][1]")));
        } catch (IllegalArgumentException ex) {
          throw malformed(where + ".fields[" + j + "]: " + ex.getMessage());
        }
      }
      try {
        types.add(new TrustedType(code, name, fields));
      } catch (IllegalArgumentException ex) {
        throw malformed(where + ": " + ex.getMessage());
      }
    }
    return types;
  }

  /** The entries in bytewise order of their encodings, a repeated entry once (deterministic for any input order). */
  private static List<Object> sortedDistinct(List<Object> entries) {
    List<byte[]> encoded = new ArrayList<>();
    for (Object e : entries) {
      encoded.add(Cbor.encode(e));
    }
    encoded.sort(Arrays::compareUnsigned);
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < encoded.size(); i++) {
      if (i > 0 && Arrays.equals(encoded.get(i - 1), encoded.get(i))) {
        continue;
      }
      try {
        out.add(Cbor.decode(encoded.get(i), LIMITS));
      } catch (Cbor.CborException ex) {
        throw new IllegalStateException("our own encoding must decode", ex);
      }
    }
    return out;
  }

  /**
   * The key(s) that may have signed: {@code hub} itself, and the x5chain leaf if that chain validates
   * to {@code hub} as an anchor. A malformed header is left for {@link Cose#verify1} to report.
   */
  private static TrustList hubKeys(byte[] signed, X509Certificate hub, Instant now) throws QrVerificationException {
    List<TrustedKey> keys = new ArrayList<>();
    keys.add(new TrustedKey("hub", hub));
    Object x5chain;
    try {
      Object top = Cbor.decode(signed, LIMITS);
      if (!(top instanceof Cbor.Tag t) || !(t.content() instanceof List<?> msg) || msg.size() != 4
          || !(msg.get(1) instanceof Map<?, ?> unprotected)) {
        return new TrustList(keys, List.of());
      }
      x5chain = unprotected.get(H_X5CHAIN);
    } catch (Cbor.CborException e) {
      return new TrustList(keys, List.of());
    }
    if (x5chain == null) {
      return new TrustList(keys, List.of());
    }
    List<X509Certificate> chain = new ArrayList<>();
    if (x5chain instanceof byte[] one) {
      chain.add(certificate(one, "x5chain (33)"));
    } else {
      List<?> l = list(x5chain, "x5chain (33)");
      for (int i = 0; i < l.size(); i++) {
        chain.add(certificate(bytes(l.get(i), "x5chain[" + i + "]"), "x5chain[" + i + "]"));
      }
    }
    if (chain.isEmpty() || chain.get(0).equals(hub)) {
      return new TrustList(keys, List.of());
    }
    try {
      ChainValidator.validate(chain, Set.of(hub), now, CertificateProfile.DOCUMENT_SIGNING);
    } catch (CertificateVerificationException e) {
      Reason r;
      switch (e.reason()) {
        case EXPIRED: r = Reason.EXPIRED; break;
        case NOT_YET_VALID: r = Reason.NOT_YET_VALID; break;
        case MALFORMED: r = Reason.MALFORMED; break;
        default: r = Reason.UNKNOWN_ISSUER;
      }
      throw new QrVerificationException(r, "trust list signer's x5chain must validate to the hub anchor, but: "
          + e.getMessage(), e);
    }
    keys.add(new TrustedKey("hub", chain.get(0)));
    return new TrustList(keys, List.of());
  }

  private static X509Certificate certificate(byte[] der, String where) throws QrVerificationException {
    try {
      CertificateFactory f = CertificateFactory.getInstance("X.509", Providers.bc());
      X509Certificate c = (X509Certificate) f.generateCertificate(new ByteArrayInputStream(der));
      if (!Arrays.equals(c.getEncoded(), der)) {
        throw malformed(where + " must be exactly one DER certificate, but had extra or non-DER bytes");
      }
      return c;
    } catch (CertificateException | RuntimeException e) {
      throw malformed(where + " must be an X.509 certificate, but was not: " + e.getMessage());
    }
  }

  private static byte[] der(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate must be encodable, but was not: " + e.getMessage(), e);
    }
  }
}
