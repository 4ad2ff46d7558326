package org.certhub.exchange.licence;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.certhub.signer.SignerException;
import org.certhub.signer.licence.LicenceVerifier;
import org.certhub.signer.licence.SignedLicence;
import org.certhub.signer.licence.VerifiedLicence;
import org.springframework.stereotype.Component;

/**
 * Verifies stored licences against the hub's trust anchors before any of their data is released. The result of
 * verifying one parsed licence against fixed anchors never changes (signature and chain are checked as of the
 * licence's signing time), and {@link LicenceRepository} hands out the same parsed instance for the same stored
 * text, so the result is kept per instance: a row whose text changed is a new instance and is verified afresh.
 * Status (revoked, superseded, expired) is not part of this and is checked by the caller on every request.
 */
@Component
public class VerifiedLicences {
  private static final int MAX = 2_000;
  private final TrustAnchors anchors;
  private final Map<Identity, VerifiedLicence> verified = new ConcurrentHashMap<>();

  public VerifiedLicences(TrustAnchors anchors) {
    this.anchors = anchors;
  }

  /** The verified licence, or the verification failure. */
  public VerifiedLicence of(StoredLicence stored) throws SignerException {
    Identity key = new Identity(stored.signed());
    VerifiedLicence v = verified.get(key);
    if (v != null) {
      return v;
    }
    v = LicenceVerifier.verify(stored.signed(), anchors.roots());
    if (verified.size() >= MAX) {
      verified.clear();
    }
    verified.put(key, v);
    return v;
  }

  /** Identity, not value, equality: the instance stands for exactly the text it was parsed from. */
  private static final class Identity {
    private final SignedLicence ref;

    Identity(SignedLicence ref) {
      this.ref = ref;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Identity && ((Identity) o).ref == ref;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(ref);
    }
  }
}
