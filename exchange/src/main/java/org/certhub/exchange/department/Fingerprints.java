package org.certhub.exchange.department;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.certhub.signer.algorithm.DigestAlgorithm;

/** Self-describing certificate fingerprints ({@code sha256:<hex>}), the key credentials are stored by. */
public final class Fingerprints {
  private Fingerprints() {}

  /** {@code sha256:<hex>} of the certificate's DER encoding. */
  public static String sha256(X509Certificate cert) {
    try {
      return "sha256:" + java.util.HexFormat.of().formatHex(DigestAlgorithm.SHA256.digest(cert.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
  }
}
