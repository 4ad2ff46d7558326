package org.certhub.signer.licence;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 * <p>Checks, in order:
 *
 * <ol>
 *   <li>{@code signature.x5c} is present; the algorithm is taken from the leaf certificate's key and
 *       {@code signature.alg} must equal it (the input never chooses the algorithm);
 *   <li>the signature verifies over the UTF-8 bytes of {@link Licence#canonicalJson()} (RFC 8785), so
 *       whitespace or member-order changes in transport do not matter;
 *   <li>the chain is valid to one of the trust anchors at {@code licence.issuedAt} with the leaf fitting
 *       {@link CertificateProfile#DOCUMENT_SIGNING};
 *   <li>the signer belongs to the licence's issuer: the leaf certificate's subject carries exactly one
 *       {@code organizationIdentifier} (OID 2.5.4.97, X.520), equal to {@code licence.issuer.code}
 *       (the issuer's USCC). CertHub's CA puts it there when certifying a department.
 * </ol>
 */
public final class LicenceVerifier {

  private LicenceVerifier() {}

  /**
   * Verifies {@code signed}.
   *
   * @param signed the signed licence as parsed, not null
   * @param trustAnchors trusted root (or issuing) CA certificates, not empty
   * @return the verified licence
   * @throws SignerException ({@link LicenceVerificationException}) naming the failed check; a
   *     wrapped cause carries the details from the signature or chain check
   */
  public static VerifiedLicence verify(SignedLicence signed, Set<X509Certificate> trustAnchors)
      throws SignerException {
    Objects.requireNonNull(signed, "signed");
    Objects.requireNonNull(trustAnchors, "trustAnchors");
    List<X509Certificate> chain = signed.chain();
    if (chain.isEmpty()) {
      throw new LicenceVerificationException(
          "signature.x5c must contain the signer certificate, but was: empty");
    }
    X509Certificate leaf = chain.get(0);
    Verifier verifier;
    try {
      verifier = Verifier.forCertificate(leaf);
    } catch (UnsupportedAlgorithmException e) {
      throw new LicenceVerificationException("signature.x5c[0] key: " + e.getMessage(), e);
    }
    SignatureAlgorithm expected = verifier.algorithm();
    if (signed.algorithm() != expected) {
      throw new LicenceVerificationException("signature.alg must be " + expected
          + " (the algorithm of signature.x5c[0]), but was: " + signed.algorithm());
    }
    Licence licence = signed.licence();
    try {
      verifier.verify(signed.signature(), licence.canonicalJson().getBytes(StandardCharsets.UTF_8));
    } catch (SignatureVerificationException e) {
      throw new LicenceVerificationException("signature.value must be a valid " + expected
          + " signature over the canonical licence by signature.x5c[0], but was: invalid", e);
    }
    try {
      ChainValidator.validate(chain, trustAnchors, licence.issuedAt(), CertificateProfile.DOCUMENT_SIGNING);
    } catch (CertificateVerificationException e) {
      throw new LicenceVerificationException("signature.x5c must be a trusted DOCUMENT_SIGNING chain"
          + " at licence.issuedAt " + licence.issuedAt() + ", but was: " + e.getMessage(), e);
    }
    List<String> orgIds = organizationIdentifiers(leaf);
    if (orgIds.size() != 1 || !orgIds.get(0).equals(licence.issuerCode())) {
      throw new LicenceVerificationException("signature.x5c[0].subject.organizationIdentifier must be "
          + licence.issuerCode() + " (licence.issuer.code), but was: "
          + (orgIds.isEmpty() ? "absent" : String.join(", ", orgIds)));
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
