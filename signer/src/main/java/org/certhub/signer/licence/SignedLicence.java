package org.certhub.signer.licence;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.certhub.signer.algorithm.Providers;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.json.Jcs;
import org.certhub.signer.json.JsonSignatureFormatException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A licence with its signature, as transported; <b>not verified</b>. Use {@link
 * LicenceVerifier#verify} to obtain a {@link VerifiedLicence}.
 *
 * <p>JSON form:
 *
 * <pre>{@code
 * {"licence":{…},"signature":{"alg":"SM2_SM3","value":"<base64>","x5c":["<base64 DER leaf>", …]}}
 * }</pre>
 *
 * The signature is over the UTF-8 bytes of {@link Licence#canonicalJson()} (RFC 8785), {@code x5c}
 * is the signer's chain leaf first, as in RFC 7515 §4.1.6 (standard, not URL-safe, base64).
 *
 * @param licence the licence as transported
 * @param algorithm the algorithm the signature claims; a verifier takes it from the certificate and
 *     only compares
 * @param signature the signature bytes (copied in and out)
 * @param chain the signer's certificate chain, leaf first
 */
public record SignedLicence(
    Licence licence, SignatureAlgorithm algorithm, byte[] signature, List<X509Certificate> chain) {

  /**
   * Certificates already parsed, by their base64 DER as written in {@code x5c}: a licence store holds few distinct
   * signer certificates, and parsing is a pure function of those bytes. Bounded: cleared when full.
   */
  private static final java.util.Map<String, X509Certificate> PARSED = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_PARSED = 1_000;

  /** Validates and defensively copies the components. */
  public SignedLicence {
    Objects.requireNonNull(licence, "licence");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(signature, "signature");
    signature = signature.clone();
    chain = List.copyOf(Objects.requireNonNull(chain, "chain"));
  }

  /**
   * Returns a copy of the signature bytes.
   *
   * @return a new array
   */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * Serialises to the JSON form above.
   *
   * @return JSON text
   */
  public String toJson() {
    ObjectNode root = Jcs.mapper().createObjectNode();
    root.set("licence", licence.toNode());
    ObjectNode sig = root.putObject("signature");
    sig.put("alg", algorithm.name());
    sig.put("value", Base64.getEncoder().encodeToString(signature));
    ArrayNode x5c = sig.putArray("x5c");
    for (X509Certificate c : chain) {
      try {
        x5c.add(Base64.getEncoder().encodeToString(c.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("an X509Certificate must be DER-encodable", e);
      }
    }
    return Jcs.mapper().writeValueAsString(root);
  }

  /**
   * Parses the JSON form. Nothing is verified.
   *
   * @param json JSON text, not null
   * @return the unverified signed licence
   * @throws LicenceFormatException if the text is malformed; the message names the path, e.g.
   *     {@code signature.x5c[1]} or {@code licence.holder.id}
   */
  public static SignedLicence parse(String json) throws LicenceFormatException {
    JsonNode root;
    try {
      root = Jcs.parse(json, "signed licence");
    } catch (JsonSignatureFormatException e) {
      throw new LicenceFormatException(e.getMessage(), e);
    }
    if (!root.isObject()) {
      throw new LicenceFormatException("signed licence must be an object, but was: " + Licence.kind(root));
    }
    for (String name : root.propertyNames()) {
      if (!name.equals("licence") && !name.equals("signature")) {
        throw new LicenceFormatException("signed licence must have only the members [licence,"
            + " signature], but was: unknown member \"" + Licence.shorten(name) + "\"");
      }
    }
    JsonNode lic = root.get("licence");
    if (lic == null) {
      throw new LicenceFormatException("licence must be present, but was: missing");
    }
    Licence licence = Licence.fromNode(lic, "licence");
    JsonNode sig = root.get("signature");
    if (sig == null) {
      throw new LicenceFormatException("signature must be present, but was: missing");
    }
    if (!sig.isObject()) {
      throw new LicenceFormatException("signature must be an object, but was: " + Licence.kind(sig));
    }
    for (String name : sig.propertyNames()) {
      if (!List.of("alg", "value", "x5c").contains(name)) {
        throw new LicenceFormatException("signature must have only the members [alg, value, x5c],"
            + " but was: unknown member \"" + Licence.shorten(name) + "\"");
      }
    }
    String alg = text(sig, "signature.alg", sig.get("alg"));
    SignatureAlgorithm algorithm = null;
    for (SignatureAlgorithm a : SignatureAlgorithm.values()) {
      if (a.name().equals(alg)) {
        algorithm = a;
      }
    }
    if (algorithm == null) {
      throw new LicenceFormatException("signature.alg must be one of "
          + Arrays.toString(SignatureAlgorithm.values()) + ", but was: \"" + Licence.shorten(alg) + "\"");
    }
    byte[] value = base64(text(sig, "signature.value", sig.get("value")), "signature.value");
    JsonNode x5c = sig.get("x5c");
    if (x5c == null) {
      throw new LicenceFormatException("signature.x5c must be present, but was: missing");
    }
    if (!x5c.isArray()) {
      throw new LicenceFormatException("signature.x5c must be an array, but was: " + Licence.kind(x5c));
    }
    List<X509Certificate> chain = new ArrayList<>();
    for (int i = 0; i < x5c.size(); i++) {
      String path = "signature.x5c[" + i + "]";
      String b64 = text(sig, path, x5c.get(i));
      X509Certificate known = PARSED.get(b64);
      if (known != null) {
        chain.add(known);
        continue;
      }
      byte[] der = base64(b64, path);
      try {
        X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509", Providers.bc())
            .generateCertificate(new ByteArrayInputStream(der));
        // Bouncy Castle reads the key lazily, throwing for a malformed one and answering null for an algorithm it
        // does not know: refuse both here, with the path, rather than fail unchecked in the verifier.
        if (c.getPublicKey() == null) {
          throw new LicenceFormatException(path + " must carry a public key of a known algorithm, but was: "
              + org.bouncycastle.asn1.x509.Certificate.getInstance(der).getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm());
        }
        if (PARSED.size() >= MAX_PARSED) {
          PARSED.clear();
        }
        PARSED.put(b64, c);
        chain.add(c);
      } catch (CertificateException | RuntimeException e) {
        throw new LicenceFormatException(
            path + " must be a DER X.509 certificate, but was: " + e.getMessage(), e);
      }
    }
    return new SignedLicence(licence, algorithm, value, chain);
  }

  private static String text(JsonNode parent, String path, JsonNode v) throws LicenceFormatException {
    if (v == null) {
      throw new LicenceFormatException(path + " must be present, but was: missing");
    }
    if (!v.isString()) {
      throw new LicenceFormatException(path + " must be a string, but was: " + Licence.kind(v));
    }
    return v.stringValue();
  }

  private static byte[] base64(String s, String path) throws LicenceFormatException {
    try {
      byte[] b = Base64.getDecoder().decode(s);
      if (b.length == 0) {
        throw new LicenceFormatException(path + " must be non-empty base64, but was: \"\"");
      }
      return b;
    } catch (IllegalArgumentException e) {
      throw new LicenceFormatException(
          path + " must be base64 (RFC 4648 §4), but was: \"" + Licence.shorten(s) + "\"", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedLicence s && licence.equals(s.licence) && algorithm == s.algorithm
        && Arrays.equals(signature, s.signature) && chain.equals(s.chain);
  }

  @Override
  public int hashCode() {
    return Objects.hash(licence, algorithm, Arrays.hashCode(signature), chain);
  }

  @Override
  public String toString() {
    return "SignedLicence[" + licence.id() + ", " + algorithm + ", " + signature.length
        + "-byte signature, chain=" + chain.size() + "]";
  }
}
