package org.certhub.exchange.licence;

import java.security.cert.X509Certificate;
import java.util.Set;

/**
 * The root certificates licence and response signatures must chain to (the hub CA's root).
 *
 * @param roots trusted root certificates
 */
public record TrustAnchors(Set<X509Certificate> roots) {
  public TrustAnchors {
    roots = Set.copyOf(roots);
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("at least one trust anchor is needed");
    }
  }
}
