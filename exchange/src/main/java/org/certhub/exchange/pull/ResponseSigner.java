package org.certhub.exchange.pull;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Objects;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.SignerException;
import org.certhub.signer.json.JsonSignature;
import org.certhub.signer.json.JsonSigner;
import org.certhub.signer.key.KeyHandle;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Signs API responses with the hub's response-signing key. The signature covers the RFC 8785 canonical
 * form of the response object without its {@code signature} member, so a consumer verifies by removing
 * that member, canonicalising and checking the signature with the certificate in {@code x5c[0]}, which
 * chains to the hub CA.
 */
public class ResponseSigner {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final KeyHandle key;
  /** The chain in base64 DER, encoded once: every signed response carries it. */
  private final java.util.List<String> x5c;

  public ResponseSigner(KeyHandle key) {
    this.key = Objects.requireNonNull(key, "key");
    java.util.List<String> chain = new java.util.ArrayList<>();
    for (X509Certificate c : key.chain()) {
      try {
        chain.add(Base64.getEncoder().encodeToString(c.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("the response certificate cannot be encoded", e);
      }
    }
    this.x5c = java.util.List.copyOf(chain);
  }

  /** Adds a {@code signature} member {alg, keyId, value, x5c} to the response. */
  public ObjectNode sign(ObjectNode response) {
    if (response.has("signature")) {
      throw new IllegalArgumentException("the response already has a signature member");
    }
    JsonSignature sig;
    try {
      sig = JsonSigner.sign(response, key);
    } catch (SignerException e) {
      throw ProblemException.withCause(ErrorCode.INTEGRITY_FAILURE, "the response could not be signed", e);
    }
    ObjectNode s = response.putObject("signature");
    s.put("alg", sig.alg().name());
    s.put("keyId", sig.keyId());
    s.put("value", Base64.getEncoder().encodeToString(sig.value()));
    ArrayNode chain = s.putArray("x5c");
    x5c.forEach(chain::add);
    return response;
  }
}
