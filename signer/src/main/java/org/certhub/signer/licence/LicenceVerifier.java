package org.certhub.signer.licence;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.certhub.signer.licence.LicenceVerificationException.Reason;
import org.certhub.signer.pki.Revocation;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.algorithm.UnsupportedAlgorithmException;
import org.certhub.signer.key.SignatureVerificationException;
import org.certhub.signer.key.Verifier;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateVerificationException;
import org.certhub.signer.pki.ChainValidator;

/**
 * Verifies signed licences; the only source of {@link VerifiedLicence}.
 *
 * <p>Checks, in order, each failure with its own {@link LicenceVerificationException.Reason}:
 *
 * <ol>
 *   <li>{@code signature.x5c} is present; the algorithm is taken from the leaf certificate's key and
 *       {@code signature.alg} must equal it (the input never chooses the algorithm): ALGORITHM_MISMATCH;
 *   <li>the signature verifies over the UTF-8 bytes of {@link Licence#canonicalJson()} (RFC 8785), so
 *       whitespace or member-order changes in transport do not matter: BAD_SIGNATURE;
 *   <li>every certificate of the chain was valid at {@code licence.issuedAt} (so a licence signed with a
 *       key that was later rotated or has since expired still verifies): CERTIFICATE_EXPIRED;
 *   <li>the chain leads to a trust anchor with the leaf fitting {@link CertificateProfile#DOCUMENT_SIGNING}:
 *       UNKNOWN_ISSUER;
 *   <li>no certificate of the chain is revoked in a way that reaches the signing time ({@link
 *       Revocation#invalidates}): CERTIFICATE_REVOKED;
 *   <li>the signer belongs to the licence's issuer: the leaf certificate's subject carries exactly one
 *       {@code organizationIdentifier} (OID 2.5.4.97, X.520), equal to {@code licence.issuer.code}, and the
 *       catalogue lets that issuer issue the type: ISSUER_NOT_ALLOWED;
 *   <li>the type is in the catalogue (UNKNOWN_TYPE) and the licence fits it (SCHEMA_VIOLATION, listing
 *       every problem);
 *   <li>the issuer's register does not say revoked (LICENCE_REVOKED) or superseded (SUPERSEDED);
 *   <li>today is within {@code validFrom}..{@code validUntil}: NOT_YET_VALID, EXPIRED.
 * </ol>
 *
 * The checks after the signature run only when the {@link VerificationContext} provides what they need.
 */
public final class LicenceVerifier {

  private LicenceVerifier() {}

  /**
   * Verifies {@code signed} offline against trust anchors only: signature, certificate validity at
   * signing time, chain and issuer binding.
   *
   * @param signed the signed licence as parsed, not null
   * @param trustAnchors trusted root (or issuing) CA certificates, not empty
   * @return the verified licence
   * @throws LicenceVerificationException naming the failed check
   */
  public static VerifiedLicence verify(SignedLicence signed, Set<X509Certificate> trustAnchors) throws SignerException {
    return verify(signed, VerificationContext.offline(trustAnchors));
  }

  /**
   * Licence signatures already found valid, keyed by the SHA-256 of the canonical licence, of the signature and of
   * the signer's public key: verification is a pure function of those bytes, so a hit answers what verifying again
   * would (every other check below still runs each time). Bounded: cleared when full; failures are never kept.
   */
  private static final java.util.Map<String, Boolean> VERIFIED = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_VERIFIED = 100_000;

  private static String memoKey(byte[] message, byte[] signature, X509Certificate leaf) {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      java.util.HexFormat hex = java.util.HexFormat.of();
      return hex.formatHex(sha.digest(message)) + ":" + hex.formatHex(sha.digest(signature)) + ":"
          + hex.formatHex(sha.digest(leaf.getPublicKey().getEncoded()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /**
   * Verifies {@code signed} with everything the context knows.
   *
   * @param signed the signed licence as parsed, not null
   * @param context anchors, catalogue, revocations, statuses and today
   * @return the verified licence
   * @throws LicenceVerificationException with the {@link LicenceVerificationException.Reason} of the first
   *     failed check
   */
  public static VerifiedLicence verify(SignedLicence signed, VerificationContext context) throws SignerException {
    Objects.requireNonNull(signed, "signed");
    Objects.requireNonNull(context, "context");
    List<X509Certificate> chain = signed.chain();
    if (chain.isEmpty()) {
      throw new LicenceVerificationException(Reason.MALFORMED, "signature.x5c must contain the signer certificate, but was: empty", null);
    }
    X509Certificate leaf = chain.get(0);
    Verifier verifier;
    try {
      verifier = Verifier.forCertificate(leaf);
    } catch (UnsupportedAlgorithmException e) {
      throw new LicenceVerificationException(Reason.UNKNOWN_ISSUER, "signature.x5c[0] key: " + e.getMessage(), e);
    }
    SignatureAlgorithm expected = verifier.algorithm();
    if (signed.algorithm() != expected) {
      throw new LicenceVerificationException(Reason.ALGORITHM_MISMATCH, "signature.alg must be " + expected
          + " (the algorithm of signature.x5c[0]), but was: " + signed.algorithm(), null);
    }
    Licence licence = signed.licence();
    try {
      byte[] message = licence.canonicalJson().getBytes(StandardCharsets.UTF_8);
      String key = memoKey(message, signed.signature(), leaf);
      if (!VERIFIED.containsKey(key)) {
        verifier.verify(signed.signature(), message);
        if (VERIFIED.size() >= MAX_VERIFIED) {
          VERIFIED.clear();
        }
        VERIFIED.put(key, Boolean.TRUE);
      }
    } catch (SignatureVerificationException e) {
      throw new LicenceVerificationException(Reason.BAD_SIGNATURE, "signature.value must be a valid " + expected
          + " signature over the canonical licence by signature.x5c[0], but was: invalid", e);
    }
    Instant signedAt = licence.issuedAt();
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate c = chain.get(i);
      if (signedAt.isBefore(c.getNotBefore().toInstant()) || signedAt.isAfter(c.getNotAfter().toInstant())) {
        throw new LicenceVerificationException(Reason.CERTIFICATE_EXPIRED, "signature.x5c[" + i + "] ("
            + c.getSubjectX500Principal().getName() + ") must be valid at licence.issuedAt " + signedAt + ", but was valid "
            + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant(), null);
      }
    }
    try {
      ChainValidator.validate(chain, context.trustAnchors(), signedAt, CertificateProfile.DOCUMENT_SIGNING);
    } catch (CertificateVerificationException e) {
      throw new LicenceVerificationException(Reason.UNKNOWN_ISSUER, "signature.x5c must be a trusted DOCUMENT_SIGNING chain"
          + " at licence.issuedAt " + signedAt + ", but was: " + e.getMessage(), e);
    }
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate c = chain.get(i);
      Optional<Revocation> r = context.certificates().revocation(c);
      if (r.isPresent() && r.get().invalidates(signedAt)) {
        throw new LicenceVerificationException(Reason.CERTIFICATE_REVOKED, "signature.x5c[" + i + "] (serial "
            + c.getSerialNumber().toString(16) + ", " + c.getSubjectX500Principal().getName() + ") must not be revoked, but was revoked at "
            + r.get().revokedAt() + " (CRL reason " + r.get().reason() + ")"
            + (r.get().reason() == Revocation.KEY_COMPROMISE ? ": key compromise voids every signature of the key" : ", before the licence was signed at " + signedAt),
            null);
      }
    }
    List<String> orgIds = organizationIdentifiers(leaf);
    if (orgIds.size() != 1 || !orgIds.get(0).equals(licence.issuerCode())) {
      throw new LicenceVerificationException(Reason.ISSUER_NOT_ALLOWED, "signature.x5c[0].subject.organizationIdentifier must be "
          + licence.issuerCode() + " (licence.issuer.code), but was: " + (orgIds.isEmpty() ? "absent" : String.join(", ", orgIds)), null);
    }
    if (context.types() != null) {
      LicenceType type =
          context.types().find(licence.typeCode())
              .orElseThrow(() -> new LicenceVerificationException(Reason.UNKNOWN_TYPE, "licence.type.code must be a type of the catalogue, but was: "
                  + licence.typeCode() + " (" + licence.typeName() + ")", null));
      if (!type.mayIssue(licence.issuerCode())) {
        throw new LicenceVerificationException(Reason.ISSUER_NOT_ALLOWED, "licence.issuer.code must be an issuer of " + type.name() + " ("
            + type.code() + ") per the catalogue, but was: " + licence.issuerCode(), null);
      }
      List<Violation> violations = type.check(licence);
      if (!violations.isEmpty()) {
        throw new LicenceVerificationException(Reason.SCHEMA_VIOLATION, "licence must fit licence type " + type.code() + " (" + type.name()
            + "), but has " + violations.size() + " problem(s): " + violations, null, violations);
      }
    }
    Optional<LicenceStatus> status = context.statuses().status(licence.id());
    if (status.isPresent() && status.get() instanceof LicenceStatus.Revoked r) {
      throw new LicenceVerificationException(Reason.LICENCE_REVOKED, "licence " + licence.id() + " must not be revoked, but was revoked at "
          + r.at() + ": " + r.reason(), null);
    }
    if (status.isPresent() && status.get() instanceof LicenceStatus.Superseded s) {
      throw new LicenceVerificationException(Reason.SUPERSEDED, "licence " + licence.id() + " must be the current version, but was superseded at "
          + s.at() + " by " + s.by(), null);
    }
    LocalDate today = context.today();
    if (today != null && today.isBefore(licence.validFrom())) {
      throw new LicenceVerificationException(Reason.NOT_YET_VALID, "licence.validFrom must be on or before today " + today + ", but was: "
          + licence.validFrom(), null);
    }
    if (today != null && licence.validUntil() != null && today.isAfter(licence.validUntil())) {
      throw new LicenceVerificationException(Reason.EXPIRED, "licence.validUntil must be today " + today + " or later, but was: "
          + licence.validUntil(), null);
    }
    return new VerifiedLicence(licence, leaf);
  }

  static List<String> organizationIdentifiers(X509Certificate cert) {
    X500Name name = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    List<String> out = new ArrayList<>();
    for (RDN rdn : name.getRDNs(BCStyle.ORGANIZATION_IDENTIFIER)) {
      for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
        if (BCStyle.ORGANIZATION_IDENTIFIER.equals(atv.getType())) {
          out.add(atv.getValue() instanceof ASN1String s ? s.getString() : atv.getValue().toString());
        }
      }
    }
    return out;
  }
}
