package org.certhub.signer.licence;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A licence whose signature, chain and issuer binding have been verified by {@link
 * LicenceVerifier#verify}. Only the verifier can create one (package-private constructor), so code
 * that accepts a {@code VerifiedLicence} cannot be handed unverified data.
 */
public final class VerifiedLicence {

  private final Licence licence;
  private final X509Certificate signerCertificate;

  VerifiedLicence(Licence licence, X509Certificate signerCertificate) {
    this.licence = Objects.requireNonNull(licence, "licence");
    this.signerCertificate = Objects.requireNonNull(signerCertificate, "signerCertificate");
  }

  /**
   * Returns the verified licence.
   *
   * @return the licence
   */
  public Licence licence() {
    return licence;
  }

  /**
   * Returns the certificate whose key signed the licence.
   *
   * @return the leaf of the verified chain
   */
  public X509Certificate signerCertificate() {
    return signerCertificate;
  }

  @Override
  public String toString() {
    return "VerifiedLicence[" + licence.id() + ", signer="
        + signerCertificate.getSubjectX500Principal().getName() + "]";
  }
}
