package org.certhub.exchange.licence;

import org.certhub.signer.key.KeyHandle;

/**
 * Port: the signing key an issuing department's licences are signed with (its licence-signing
 * certificate's key). The hub keeps the keys in its key store or HSM; the exchange never sees key bytes.
 */
public interface IssuerKeys {

  /**
   * The department's current licence-signing key, with its certificate chain.
   *
   * @throws IllegalStateException when the department has no signing key (a configuration error)
   */
  KeyHandle signingKey(String departmentCode);
}
