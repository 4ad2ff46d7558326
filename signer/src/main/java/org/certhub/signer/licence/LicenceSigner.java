package org.certhub.signer.licence;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.certhub.signer.SignerException;
import org.certhub.signer.key.KeyHandle;

/** Signs licences with an issuer's key. */
public final class LicenceSigner {

  private LicenceSigner() {}

  /**
   * Signs the UTF-8 bytes of {@link Licence#canonicalJson()} with {@code issuerKey}.
   *
   * <p>The algorithm comes from the key. For the result to verify, the key's leaf certificate must
   * be a {@code DOCUMENT_SIGNING} certificate whose subject carries the licence's issuer code as
   * {@code organizationIdentifier} (2.5.4.97); see {@link LicenceVerifier}.
   *
   * @param licence the licence, not null
   * @param issuerKey the issuing department's key, with its chain (leaf first), not null
   * @return the signed licence carrying the key's chain as {@code x5c}
   * @throws SignerException if the key fails to sign
   */
  public static SignedLicence sign(Licence licence, KeyHandle issuerKey) throws SignerException {
    Objects.requireNonNull(licence, "licence");
    Objects.requireNonNull(issuerKey, "issuerKey");
    byte[] sig = issuerKey.sign(licence.canonicalJson().getBytes(StandardCharsets.UTF_8));
    return new SignedLicence(licence, issuerKey.algorithm(), sig, issuerKey.chain());
  }
}
