package org.certhub.signer.seal;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/**
 * The trust anchors a {@link SealVerifier} judges chains against, one set per role, and intermediate
 * CA certificates to build paths with (seals and stamps carry only the leaf).
 *
 * @param makerAnchors the CAs of seal-making authorities (制章者), not empty
 * @param signerAnchors the CAs of signers (签章者), not empty
 * @param tsaAnchors the CAs of trusted time-stamping authorities; empty trusts no timestamp
 * @param intermediates issuing CA certificates, possibly empty
 */
public record SealTrust(Set<X509Certificate> makerAnchors, Set<X509Certificate> signerAnchors, Set<X509Certificate> tsaAnchors,
    List<X509Certificate> intermediates) {

  /** Validates and copies the members. */
  public SealTrust {
    makerAnchors = Set.copyOf(makerAnchors);
    signerAnchors = Set.copyOf(signerAnchors);
    tsaAnchors = Set.copyOf(tsaAnchors);
    intermediates = List.copyOf(intermediates);
    if (makerAnchors.isEmpty() || signerAnchors.isEmpty()) {
      throw new IllegalArgumentException("makerAnchors and signerAnchors must be non-empty, but was: empty");
    }
  }
}
