package org.certhub.exchange.seal;

import org.certhub.signer.SignerException;
import org.certhub.signer.key.KeyHandle;

/** Port: the hub's seal maker (制章者) key, SM2, with its SEAL_MAKER certificate chain. The hub holds the key. */
@FunctionalInterface
public interface SealMakerKey {

  /** The key with its chain, leaf first. */
  KeyHandle key() throws SignerException;
}
