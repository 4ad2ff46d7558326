package org.certhub.exchange.department;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.certhub.signer.algorithm.DigestAlgorithm;

/** Self-describing certificate fingerprints ({@code sha256:<hex>}), the key credentials are stored by. */
public final class Fingerprints {
  private Fingerprints() {}

  // A TLS connection presents the same certificate object on every request; hashing its encoding each time
  // showed in profiles of the pull path. Weak keys: an entry goes with its connection's certificate.
  private static final java.util.Map<X509Certificate, String> KNOWN =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** {@code sha256:<hex>} of the certificate's DER encoding. */
  public static String sha256(X509Certificate cert) {
    String known = KNOWN.get(cert);
    if (known != null) {
      return known;
    }
    String fingerprint = compute(cert);
    KNOWN.put(cert, fingerprint);
    return fingerprint;
  }

  private static String compute(X509Certificate cert) {
    try {
      return "sha256:" + java.util.HexFormat.of().formatHex(DigestAlgorithm.SHA256.digest(cert.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
  }
}
