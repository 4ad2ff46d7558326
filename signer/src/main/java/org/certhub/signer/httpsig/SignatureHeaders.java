package org.certhub.signer.httpsig;

import java.util.Objects;

/**
 * The two header values a signature adds to a request.
 *
 * @param signatureInput the {@code Signature-Input} value, for example {@code sig1=("@method");...}
 * @param signature the {@code Signature} value, for example {@code sig1=:base64:}
 */
public record SignatureHeaders(String signatureInput, String signature) {

  /** Validates. */
  public SignatureHeaders {
    Objects.requireNonNull(signatureInput, "signatureInput");
    Objects.requireNonNull(signature, "signature");
  }

  /**
   * Returns the request with both fields set (replacing earlier values).
   *
   * @param request the request that was signed
   * @return a copy carrying the signature
   */
  public HttpRequest applyTo(HttpRequest request) {
    return request.withHeaders(request.headers()
        .with(HttpSignatureVerifier.SIGNATURE_INPUT, signatureInput)
        .with(HttpSignatureVerifier.SIGNATURE, signature));
  }
}
