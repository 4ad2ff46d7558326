package org.certhub.signer.pki;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.algorithm.UnsupportedAlgorithmException;
import org.certhub.signer.pki.CertificateVerificationException.Reason;

/**
 * Validates a certificate chain against trust anchors at a given instant (a strict subset of RFC
 * 5280 §6 path validation, sufficient for CertHub's own hierarchy).
 *
 * <p>Checks, in order, with the chain given leaf first as {@code certificate chain[0..n-1]}:
 *
 * <ol>
 *   <li>every certificate's public key is in the algorithm registry;
 *   <li>each {@code chain[i]} is issued by {@code chain[i+1]} (issuer name equals subject name) and its
 *       signature verifies with that key, using Bouncy Castle so SM2 (SM3withSM2, default user ID)
 *       works;
 *   <li>the last certificate is a trust anchor or is issued by one (signature verified);
 *   <li>every certificate, anchor included, is within its validity period at {@code at};
 *   <li>every issuer is a CA (BasicConstraints cA TRUE, keyCertSign) within its pathLenConstraint;
 *   <li>the leaf fits {@code expectedLeafProfile}: CA or not, all of the profile's KeyUsage bits and
 *       ExtendedKeyUsage purposes (for {@link CertificateProfile#extendedKeyUsageExact()} profiles,
 *       exactly those purposes in a critical extension);
 *   <li>with a {@link RevocationSource}: no certificate of the path (the trust anchor excepted, it is
 *       trusted by configuration) has a {@link Revocation} that {@linkplain Revocation#invalidates
 *       invalidates} a signature made at {@code at}.
 * </ol>
 *
 * <p>The first failure is reported, with the certificate's index and a {@link
 * CertificateVerificationException.Reason}.
 */
public final class ChainValidator {

  private static final java.util.Map<String, String> NAMES =
      java.util.Map.of("2.5.4.97", "organizationIdentifier", "2.5.4.5", "SERIALNUMBER");

  private ChainValidator() {}

  /** RFC 4514 rendering with readable names for organizationIdentifier and serialNumber. */
  static String name(javax.security.auth.x500.X500Principal p) {
    return p.getName(javax.security.auth.x500.X500Principal.RFC2253, NAMES);
  }

  /**
   * The path to hand to {@link #validate}: {@code leaf}, then its issuers found by subject name in {@code pool}
   * (certificates a signature or a seal carries), stopping at a self-issued certificate or when none is found.
   */
  public static List<X509Certificate> pathFrom(X509Certificate leaf, List<X509Certificate> pool) {
    List<X509Certificate> path = new ArrayList<>(List.of(leaf));
    X509Certificate current = leaf;
    while (path.size() <= pool.size() && !current.getIssuerX500Principal().equals(current.getSubjectX500Principal())) {
      X509Certificate issuer = null;
      for (X509Certificate c : pool) {
        if (!path.contains(c) && c.getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
          issuer = c;
          break;
        }
      }
      if (issuer == null) {
        break;
      }
      path.add(issuer);
      current = issuer;
    }
    return path;
  }

  /**
   * Validates {@code chain} without revocation checking. Returns normally only if every check
   * passes.
   *
   * @param chain the chain, leaf first, not empty; may end with the anchor itself
   * @param trustAnchors the trusted CA certificates, not empty
   * @param at the instant at which validity is judged
   * @param expectedLeafProfile the profile the leaf must fit
   * @throws CertificateVerificationException naming the first failing certificate and rule
   */
  public static void validate(
      List<X509Certificate> chain, Set<X509Certificate> trustAnchors, Instant at,
      CertificateProfile expectedLeafProfile) throws CertificateVerificationException {
    validate(chain, trustAnchors, at, expectedLeafProfile, RevocationSource.NONE);
  }

  /**
   * Validates {@code chain} and checks every certificate below the trust anchor against {@code
   * revocations}. Returns normally only if every check passes.
   *
   * @param chain the chain, leaf first, not empty; may end with the anchor itself
   * @param trustAnchors the trusted CA certificates, not empty
   * @param at the instant at which validity is judged, typically the signing time of the signed
   *     object; a revocation rejects the chain if it {@linkplain Revocation#invalidates invalidates}
   *     a signature made then
   * @param expectedLeafProfile the profile the leaf must fit
   * @param revocations where revocation status comes from, e.g. a {@link CrlRevocationSource}
   * @throws CertificateVerificationException naming the first failing certificate and rule; for a
   *     revoked certificate (reason {@link Reason#REVOKED}) the message gives its subject, serial in
   *     hex, revocation time and CRLReason
   */
  public static void validate(
      List<X509Certificate> chain, Set<X509Certificate> trustAnchors, Instant at,
      CertificateProfile expectedLeafProfile, RevocationSource revocations)
      throws CertificateVerificationException {
    Objects.requireNonNull(revocations, "revocations");
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(trustAnchors, "trustAnchors");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(expectedLeafProfile, "expectedLeafProfile");
    if (chain.isEmpty()) {
      throw new CertificateVerificationException(Reason.MALFORMED,
          "certificate chain must contain at least the leaf certificate, but was: empty");
    }
    if (trustAnchors.isEmpty()) {
      throw new IllegalArgumentException("trustAnchors must be non-empty, but was: empty");
    }
    // The path: chain elements up to (and excluding) the first one that is itself an anchor.
    List<X509Certificate> path = new ArrayList<>();
    X509Certificate anchor = null;
    for (X509Certificate c : chain) {
      Objects.requireNonNull(c, "chain element");
      if (!path.isEmpty() && isAnchor(c, trustAnchors)) {
        anchor = c;
        break;
      }
      path.add(c);
    }
    for (int i = 0; i < path.size(); i++) {
      checkAlgorithm(path.get(i), "certificate chain[" + i + "]");
    }
    for (int i = 0; i < path.size() - 1; i++) {
      checkIssuedBy(path.get(i), i, path.get(i + 1), "certificate chain[" + (i + 1) + "]");
    }
    int last = path.size() - 1;
    X509Certificate top = path.get(last);
    if (anchor == null) {
      if (last == 0 && isAnchor(top, trustAnchors)) {
        anchor = top; // a self-signed anchor validated as its own leaf (e.g. a root CA)
      } else {
        anchor = findAnchor(top, last, trustAnchors);
      }
    }
    if (anchor != top) {
      checkIssuedBy(top, last, anchor, "trust anchor " + name(anchor.getSubjectX500Principal()));
    }
    Date when = Date.from(at);
    for (int i = 0; i < path.size(); i++) {
      checkValidity(path.get(i), "certificate chain[" + i + "]", at, when);
    }
    if (anchor != top) {
      checkValidity(anchor, "trust anchor " + name(anchor.getSubjectX500Principal()), at, when);
    }
    // Issuers: path[1..] and the anchor.
    for (int i = 1; i < path.size(); i++) {
      checkCa(path.get(i), "certificate chain[" + i + "]", i - 1);
    }
    if (anchor != top) {
      checkCa(anchor, "trust anchor " + name(anchor.getSubjectX500Principal()), path.size() - 1);
    }
    checkLeaf(path.get(0), expectedLeafProfile);
    for (int i = 0; i < path.size(); i++) {
      if (path.get(i) != anchor) { // a root validated as its own leaf is trusted, not revocable
        checkRevocation(path.get(i), "certificate chain[" + i + "]", at, revocations);
      }
    }
  }

  private static void checkRevocation(X509Certificate c, String path, Instant at, RevocationSource source)
      throws CertificateVerificationException {
    java.util.Optional<Revocation> revocation = source.revocation(c);
    if (revocation.isPresent() && revocation.get().invalidates(at)) {
      Revocation r = revocation.get();
      throw new CertificateVerificationException(Reason.REVOKED,
          path + " (subject " + name(c.getSubjectX500Principal()) + ", serial "
              + c.getSerialNumber().toString(16) + ") must not be revoked at " + at
              + ", but was: revoked at " + r.revokedAt() + " for " + reasonName(r.reason()) + " ("
              + r.reason() + ")");
    }
  }

  /** RFC 5280 §5.3.1 CRLReason names. */
  static String reasonName(int reason) {
    return switch (reason) {
      case 0 -> "unspecified";
      case 1 -> "keyCompromise";
      case 2 -> "cACompromise";
      case 3 -> "affiliationChanged";
      case 4 -> "superseded";
      case 5 -> "cessationOfOperation";
      case 6 -> "certificateHold";
      case 8 -> "removeFromCRL";
      case 9 -> "privilegeWithdrawn";
      case 10 -> "aACompromise";
      default -> "reason " + reason;
    };
  }

  /** Compares DER encodings, so anchors and chain may come from different providers. */
  private static boolean isAnchor(X509Certificate c, Set<X509Certificate> anchors) {
    try {
      byte[] der = c.getEncoded();
      for (X509Certificate a : anchors) {
        if (java.util.Arrays.equals(der, a.getEncoded())) {
          return true;
        }
      }
      return false;
    } catch (CertificateEncodingException e) {
      return false;
    }
  }

  private static void checkAlgorithm(X509Certificate c, String path)
      throws CertificateVerificationException {
    try {
      SignatureAlgorithm.forKey(c.getPublicKey());
    } catch (UnsupportedAlgorithmException e) {
      throw new CertificateVerificationException(Reason.MALFORMED, path + ".publicKey: " + e.getMessage(), e);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // Bouncy Castle decodes the key lazily and throws these for a damaged encoding ("malformed public key").
      throw new CertificateVerificationException(Reason.MALFORMED, path + ".publicKey must be a well-formed key, but was not: "
          + e.getMessage(), e);
    }
  }

  private static X509Certificate findAnchor(X509Certificate top, int index, Set<X509Certificate> anchors)
      throws CertificateVerificationException {
    for (X509Certificate a : anchors) {
      if (a.getSubjectX500Principal().equals(top.getIssuerX500Principal()) && signedBy(top, a)) {
        return a;
      }
    }
    throw new CertificateVerificationException(Reason.UNTRUSTED,
        "certificate chain[" + index + "] must be issued by a trust anchor, but was: issued by "
            + name(top.getIssuerX500Principal()));
  }

  private static void checkIssuedBy(X509Certificate c, int index, X509Certificate issuer, String issuerPath)
      throws CertificateVerificationException {
    if (!c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      throw new CertificateVerificationException(Reason.UNTRUSTED,
          "certificate chain[" + index + "].issuer must be " + name(issuer.getSubjectX500Principal())
              + " (subject of " + issuerPath + "), but was: " + name(c.getIssuerX500Principal()));
    }
    if (!signedBy(c, issuer)) {
      throw new CertificateVerificationException(Reason.UNTRUSTED,
          "certificate chain[" + index + "].signature must verify with the key of " + issuerPath
              + ", but was: invalid");
    }
  }

  /**
   * Certificate signatures already found valid, keyed by the SHA-256 of the certificate's DER and of the issuer's
   * public key. A signature check is a pure function of exactly those bytes, so a hit answers what verifying again
   * would; it spares the same issuer certificates being re-verified on every licence check. Bounded: cleared when
   * full. Only successes are kept, so a failure is always computed.
   */
  private static final java.util.Map<String, Boolean> VERIFIED = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_VERIFIED = 10_000;

  private static boolean signedBy(X509Certificate c, X509Certificate issuer) {
    String key;
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      key = java.util.HexFormat.of().formatHex(sha.digest(c.getEncoded())) + ":"
          + java.util.HexFormat.of().formatHex(sha.digest(issuer.getPublicKey().getEncoded()));
    } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
      return false;
    }
    if (VERIFIED.containsKey(key)) {
      return true;
    }
    boolean valid = verifySignature(c, issuer);
    if (valid) {
      if (VERIFIED.size() >= MAX_VERIFIED) {
        VERIFIED.clear();
      }
      VERIFIED.put(key, Boolean.TRUE);
    }
    return valid;
  }

  private static boolean verifySignature(X509Certificate c, X509Certificate issuer) {
    try {
      X509CertificateHolder h = new JcaX509CertificateHolder(c);
      ContentVerifierProvider p =
          new JcaContentVerifierProviderBuilder().setProvider(Providers.bc()).build(issuer.getPublicKey());
      return h.isSignatureValid(p);
    } catch (CertificateEncodingException | OperatorCreationException | org.bouncycastle.cert.CertException
        | RuntimeException e) {
      return false;
    }
  }

  private static void checkValidity(X509Certificate c, String path, Instant at, Date when)
      throws CertificateVerificationException {
    if (when.before(c.getNotBefore()) || when.after(c.getNotAfter())) {
      throw new CertificateVerificationException(
          when.before(c.getNotBefore()) ? Reason.NOT_YET_VALID : Reason.EXPIRED,
          path + " must be valid at " + at + ", but was: valid from " + c.getNotBefore().toInstant()
              + " to " + c.getNotAfter().toInstant());
    }
  }

  private static void checkCa(X509Certificate c, String path, int certsBelow)
      throws CertificateVerificationException {
    int pathLen = c.getBasicConstraints();
    if (pathLen < 0) {
      throw new CertificateVerificationException(Reason.PROFILE,
          path + ".basicConstraints.cA must be true, but was: false");
    }
    if (certsBelow > pathLen) {
      throw new CertificateVerificationException(Reason.PROFILE,
          path + ".basicConstraints.pathLenConstraint must be at least " + certsBelow
              + ", but was: " + pathLen);
    }
    boolean[] ku = c.getKeyUsage();
    if (ku != null && !ku[5]) {
      throw new CertificateVerificationException(Reason.PROFILE,
          path + ".keyUsage must include keyCertSign, but was: " + usageNames(ku));
    }
  }

  private static void checkLeaf(X509Certificate leaf, CertificateProfile profile)
      throws CertificateVerificationException {
    String path = "certificate chain[0]";
    boolean ca = leaf.getBasicConstraints() >= 0;
    if (ca != profile.ca()) {
      throw new CertificateVerificationException(Reason.PROFILE,
          path + ".basicConstraints.cA must be " + profile.ca() + " for profile " + profile
              + ", but was: " + ca);
    }
    boolean[] ku = leaf.getKeyUsage();
    for (CertificateProfile.KeyUsageBit bit : profile.keyUsage()) {
      if (ku == null || ku.length <= bit.bit() || !ku[bit.bit()]) {
        throw new CertificateVerificationException(Reason.PROFILE,
            path + ".keyUsage must include " + bit.rfcName() + " for profile " + profile
                + ", but was: " + usageNames(ku));
      }
    }
    if (!profile.extendedKeyUsage().isEmpty()) {
      List<String> eku;
      try {
        eku = leaf.getExtendedKeyUsage();
      } catch (CertificateParsingException e) {
        throw new CertificateVerificationException(Reason.MALFORMED,
            path + ".extendedKeyUsage must be well formed, but was: " + e.getMessage(), e);
      }
      for (String purpose : profile.extendedKeyUsage()) {
        if (eku == null || !eku.contains(purpose)) {
          throw new CertificateVerificationException(Reason.PROFILE,
              path + ".extendedKeyUsage must include " + purpose + " for profile " + profile
                  + ", but was: " + (eku == null ? "absent" : eku));
        }
      }
      if (profile.extendedKeyUsageExact()) {
        if (!eku.equals(profile.extendedKeyUsage())) {
          throw new CertificateVerificationException(Reason.PROFILE,
              path + ".extendedKeyUsage must be exactly " + profile.extendedKeyUsage() + " for profile "
                  + profile + ", but was: " + eku);
        }
        Set<String> critical = leaf.getCriticalExtensionOIDs();
        if (critical == null || !critical.contains("2.5.29.37")) {
          throw new CertificateVerificationException(Reason.PROFILE,
              path + ".extendedKeyUsage must be critical for profile " + profile + ", but was: non-critical");
        }
      }
    }
  }

  private static String usageNames(boolean[] ku) {
    if (ku == null) {
      return "absent";
    }
    String[] names = {"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
        "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ku.length && i < names.length; i++) {
      if (ku[i]) {
        out.add(names[i]);
      }
    }
    return out.toString();
  }
}
