package org.certhub.signer.licence;

import java.time.Instant;
import java.util.Objects;

/**
 * A licence's lifecycle state as its issuer's register knows it. Not part of the signed body: it changes
 * over the licence's life, so a verifier learns it from a {@link LicenceStatusSource}.
 */
public sealed interface LicenceStatus {

  /** In force (its dates are checked separately). */
  record Valid() implements LicenceStatus {}

  /** Revoked by its issuer (吊销/注销). */
  record Revoked(Instant at, String reason) implements LicenceStatus {
    public Revoked {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Replaced by a newer version (变更): the newer one is the licence now. */
  record Superseded(LicenceId by, Instant at) implements LicenceStatus {
    public Superseded {
      Objects.requireNonNull(by, "by");
      Objects.requireNonNull(at, "at");
    }
  }
}
