package org.certhub.signer.httpsig;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A signature that {@link HttpSignatureVerifier} accepted. Only the verifier can create one.
 *
 * <p>{@link #signatureBaseDigest()} is what the ledger records for non-repudiation: with the
 * request it lets anyone re-derive the exact bytes the client signed.
 */
public final class VerifiedHttpSignature {

  private final String label;
  private final String keyId;
  private final HttpSignatureAlgorithm algorithm;
  private final List<String> coveredComponents;
  private final Instant created;
  private final Instant expires;
  private final String signatureBaseDigest;

  VerifiedHttpSignature(String label, String keyId, HttpSignatureAlgorithm algorithm,
      List<String> coveredComponents, Instant created, Instant expires,
      String signatureBaseDigest) {
    this.label = label;
    this.keyId = keyId;
    this.algorithm = algorithm;
    this.coveredComponents = List.copyOf(coveredComponents);
    this.created = created;
    this.expires = expires;
    this.signatureBaseDigest = signatureBaseDigest;
  }

  /** @return the dictionary label, for example {@code "sig1"} */
  public String label() {
    return label;
  }

  /** @return the {@code keyid} parameter */
  public String keyId() {
    return keyId;
  }

  /** @return the algorithm fixed by the registered key */
  public HttpSignatureAlgorithm algorithm() {
    return algorithm;
  }

  /** @return the covered component identifiers, in signed order */
  public List<String> coveredComponents() {
    return coveredComponents;
  }

  /** @return the {@code created} parameter */
  public Instant created() {
    return created;
  }

  /** @return the {@code expires} parameter, if sent */
  public Optional<Instant> expires() {
    return Optional.ofNullable(expires);
  }

  /** @return {@code "sha256:<lower-case hex>"} of the signature base bytes */
  public String signatureBaseDigest() {
    return signatureBaseDigest;
  }

  @Override
  public String toString() {
    return "VerifiedHttpSignature[" + label + ", keyid=" + keyId + ", " + algorithm.rfcName()
        + ", " + coveredComponents + ", created=" + created + ", " + signatureBaseDigest + "]";
  }
}
