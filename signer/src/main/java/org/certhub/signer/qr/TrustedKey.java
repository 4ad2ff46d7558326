package org.certhub.signer.qr;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;

/**
 * A signer certificate trusted to issue presentations for one issuer (by unified social credit
 * code). The certificate is taken as already validated; its public key fixes the algorithm and its
 * validity bounds the presentations it may sign.
 *
 * @param issuerCode the issuer code the key may sign for
 * @param certificate the signer (document signing) certificate
 */
public record TrustedKey(String issuerCode, X509Certificate certificate) {

  /** Rejects nulls and a blank issuer code. */
  public TrustedKey {
    Objects.requireNonNull(issuerCode, "issuerCode");
    Objects.requireNonNull(certificate, "certificate");
    if (issuerCode.isBlank()) {
      throw new IllegalArgumentException("issuerCode must be non-blank, but was: \"" + issuerCode + "\"");
    }
  }

  /**
   * Returns the COSE {@code kid}: the first 8 bytes of the SHA-256 of the certificate's DER, as the EU
   * DCC does. Short, so several keys may share one; the verifier tries each.
   *
   * @return a new 8-byte array
   */
  public byte[] kid() {
    return kidOf(certificate);
  }

  static byte[] kidOf(X509Certificate certificate) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return Arrays.copyOf(h, 8);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("SHA-256 over a certificate's DER must be computable", e);
    }
  }
}
