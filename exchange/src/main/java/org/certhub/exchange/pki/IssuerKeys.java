package org.certhub.exchange.pki;

import java.security.cert.X509Certificate;
import org.certhub.signer.SignerException;
import org.certhub.signer.key.KeyHandle;

/**
 * Port: the signing key an issuing department's licences are signed with (its licence-signing
 * certificate's key). The hub keeps the keys in its key store or HSM; the exchange never sees key bytes.
 */
public interface IssuerKeys {

  /** The certificate purpose under which licence-signing certificates are registered. */
  String PURPOSE = "licence-signing";

  /**
   * The department's current licence-signing key, with its certificate chain.
   *
   * @throws IllegalStateException when the department has no signing key (a configuration error)
   */
  KeyHandle signingKey(String departmentCode);

  /**
   * Generates a new licence-signing key for the department in the hub's key custody, certifies it
   * (registered under {@link #PURPOSE}) and makes it the current one. The previous key is discarded;
   * what it signed still verifies through the certificate each licence carries.
   *
   * @return the new certificate
   */
  X509Certificate create(String departmentCode, String departmentName) throws SignerException;
}
