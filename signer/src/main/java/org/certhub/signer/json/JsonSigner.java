package org.certhub.signer.json;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.certhub.signer.SignerException;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.algorithm.UnsupportedAlgorithmException;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.SignatureVerificationException;
import org.certhub.signer.key.Verifier;

/**
 * Detached signatures over arbitrary JSON documents (for example hub-signed pull responses).
 *
 * <p>The signed bytes are the UTF-8 encoding of the document's RFC 8785 canonical form, so the
 * signature survives re-serialisation. The signer is identified by {@code keyId}, the SHA-256 of its
 * leaf certificate's DER. Certificate trust is not judged here: validate the certificate with {@code
 * ChainValidator} first.
 */
public final class JsonSigner {

  private JsonSigner() {}

  /**
   * Signs the RFC 8785 canonical form of a JSON tree (written directly, without re-parsing text).
   *
   * @param json a JSON tree, not null
   * @param key the signing key; its chain must hold the leaf certificate
   * @return the detached signature
   * @throws SignerException ({@link JsonSignatureFormatException}) if the tree cannot be canonicalised,
   *     or if the key fails to sign
   * @throws IllegalArgumentException if {@code key.chain()} is empty
   */
  public static JsonSignature sign(tools.jackson.databind.JsonNode json, KeyHandle key) throws SignerException {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(key, "key");
    if (key.chain().isEmpty()) {
      throw new IllegalArgumentException(
          "key.chain() must hold the signer certificate (for keyId), but was: empty");
    }
    byte[] data = Jcs.canonicalize(json).getBytes(StandardCharsets.UTF_8);
    return new JsonSignature(key.algorithm(), keyId(key.chain().get(0)), key.sign(data));
  }

  /**
   * Signs the RFC 8785 canonical form of {@code json} text with {@code key}, as {@link #sign(tools.jackson.databind.JsonNode,
   * KeyHandle)} does for a tree.
   *
   * @param json the JSON text, not null
   * @param key the signing key, whose chain holds the signer certificate
   * @return the detached signature
   * @throws SignerException if the text is malformed or signing fails
   */
  public static JsonSignature sign(String json, KeyHandle key) throws SignerException {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(key, "key");
    if (key.chain().isEmpty()) {
      throw new IllegalArgumentException(
          "key.chain() must hold the signer certificate (for keyId), but was: empty");
    }
    byte[] data = Jcs.canonicalize(json).getBytes(StandardCharsets.UTF_8);
    return new JsonSignature(key.algorithm(), keyId(key.chain().get(0)), key.sign(data));
  }

  /**
   * Verifies a detached signature over {@code json} by {@code cert}'s key.
   *
   * @param json the JSON document as received (any whitespace), not null
   * @param sig the signature, not null
   * @param cert the signer certificate, not null
   * @throws SignerException {@link JsonSignatureFormatException} if {@code json} is malformed;
   *     {@link JsonSignatureVerificationException} if {@code sig.keyId} does not name {@code cert},
   *     {@code sig.alg} is not the certificate key's algorithm, or the signature is invalid; {@link
   *     UnsupportedAlgorithmException} if the certificate key is outside the registry
   */
  public static void verify(String json, JsonSignature sig, X509Certificate cert) throws SignerException {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(sig, "sig");
    Objects.requireNonNull(cert, "cert");
    Verifier verifier = Verifier.forCertificate(cert);
    String expectedKeyId = keyId(cert);
    if (!expectedKeyId.equals(sig.keyId())) {
      throw new JsonSignatureVerificationException(
          "signature.keyId must be " + expectedKeyId + " (the certificate), but was: " + sig.keyId());
    }
    SignatureAlgorithm expected = verifier.algorithm();
    if (sig.alg() != expected) {
      throw new JsonSignatureVerificationException(
          "signature.alg must be " + expected + " (the certificate key's), but was: " + sig.alg());
    }
    byte[] data = Jcs.canonicalize(json).getBytes(StandardCharsets.UTF_8);
    try {
      verifier.verify(sig.value(), data);
    } catch (SignatureVerificationException e) {
      throw new JsonSignatureVerificationException(
          "signature.value must be a valid " + expected + " signature over the canonical JSON, but was: invalid", e);
    }
  }

  /**
   * Returns the key identifier of a certificate: {@code "sha256:<hex>"} of its DER encoding.
   *
   * @param cert the certificate, not null
   * @return the key identifier
   */
  public static String keyId(X509Certificate cert) {
    Objects.requireNonNull(cert, "cert");
    try {
      return DigestAlgorithm.SHA256.describe(cert.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("cert must be DER-encodable", e);
    }
  }
}
