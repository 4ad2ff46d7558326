package org.certhub.signer.httpsig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.certhub.signer.SignerException;
import org.certhub.signer.httpsig.StructuredFields.Bytes;
import org.certhub.signer.httpsig.StructuredFields.InnerList;
import org.certhub.signer.httpsig.StructuredFields.Item;
import org.certhub.signer.httpsig.StructuredFields.Member;
import org.certhub.signer.key.KeyHandle;

/**
 * Signs requests per RFC 9421 (client side). The algorithm is the key's; the {@code keyid} is how
 * the server's registry knows the key.
 *
 * <p>Immutable and thread-safe if the {@link KeyHandle} is.
 */
public final class HttpSigner {

  private final KeyHandle key;
  private final String keyId;
  private final HttpSignatureAlgorithm algorithm;

  /**
   * Creates a signer.
   *
   * @param key the signing key; fixes the algorithm
   * @param keyId the {@code keyid} the server registered for the key
   */
  public HttpSigner(KeyHandle key, String keyId) {
    this.key = Objects.requireNonNull(key, "key");
    this.keyId = Objects.requireNonNull(keyId, "keyId");
    this.algorithm = HttpSignatureAlgorithm.forKey(key.algorithm());
  }

  /**
   * Returns the algorithm fixed by the key.
   *
   * @return the algorithm
   */
  public HttpSignatureAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Signs a request. Covering {@code content-digest} requires the request to carry that field
   * already (see {@link ContentDigest#create}).
   *
   * @param request the request to be sent
   * @param spec label, components and parameters
   * @return the {@code Signature-Input} and {@code Signature} values
   * @throws HttpSignatureException if a component is invalid or absent from the request
   * @throws SignerException if the key fails to sign
   */
  public SignatureHeaders sign(HttpRequest request, SignatureSpec spec) throws SignerException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(spec, "spec");
    InnerList params = signatureParams(spec);
    byte[] base = SignatureBase.build(request, spec.components(),
        StructuredFields.serializeInnerList(params));
    byte[] signature = algorithm.sign(key, base);
    String input = StructuredFields.serializeDictionary(Map.of(spec.label(), params));
    String sig = StructuredFields.serializeDictionary(
        Map.of(spec.label(), new Item(new Bytes(signature), Map.of())));
    return new SignatureHeaders(input, sig);
  }

  private InnerList signatureParams(SignatureSpec spec) {
    List<Item> items = new ArrayList<>();
    for (String c : spec.components()) {
      items.add(new Item(c, Map.of()));
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("created", spec.created().getEpochSecond());
    if (spec.expires() != null) {
      params.put("expires", spec.expires().getEpochSecond());
    }
    if (spec.nonce() != null) {
      params.put("nonce", spec.nonce());
    }
    if (spec.includeAlg()) {
      params.put("alg", algorithm.rfcName());
    }
    params.put("keyid", keyId);
    if (spec.tag() != null) {
      params.put("tag", spec.tag());
    }
    return new InnerList(items, params);
  }

  @Override
  public String toString() {
    return "HttpSigner[" + algorithm.rfcName() + ", keyid=" + keyId + "]";
  }
}
