package org.certhub.signer.seal;

import java.time.Instant;
import java.util.Optional;

/**
 * Where seal revocation comes from, e.g. CertHub's seal registry. Implementations must answer from
 * data they have authenticated, never from the seal under test.
 */
@FunctionalInterface
public interface SealStatusSource {

  /** A source that knows of no revoked seal. */
  SealStatusSource NONE = esId -> Optional.empty();

  /**
   * Returns when the seal was revoked, if it was.
   *
   * @param esId the seal's code ({@code SES_SealInfo.esID})
   * @return the revocation time, or empty if the seal is not (known to be) revoked
   */
  Optional<Instant> revokedAt(String esId);
}
