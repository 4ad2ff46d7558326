package org.certhub.signer.licence;

import java.util.Optional;

/** Where a verifier learns a licence's lifecycle state: the hub's register online; nothing offline. */
@FunctionalInterface
public interface LicenceStatusSource {

  /** Offline: the status is not known, so only what the licence itself says is checked. */
  LicenceStatusSource UNKNOWN = id -> Optional.empty();

  /**
   * The status of a licence.
   *
   * @param id the licence identifier
   * @return its status, or empty if this source does not know the licence
   */
  Optional<LicenceStatus> status(LicenceId id);
}
