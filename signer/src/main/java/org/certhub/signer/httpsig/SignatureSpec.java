package org.certhub.signer.httpsig;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What to sign and with which parameters.
 *
 * @param label the dictionary label, for example {@code "sig1"} (an RFC 8941 key)
 * @param components the covered components in order, for example {@code @method},
 *     {@code @target-uri}, {@code content-digest}
 * @param created the {@code created} parameter
 * @param expires the {@code expires} parameter, or {@code null} to omit it
 * @param nonce the {@code nonce} parameter, or {@code null} to omit it
 * @param tag the {@code tag} parameter, or {@code null} to omit it
 * @param includeAlg whether to send the {@code alg} parameter (the verifier ignores the value for
 *     selection; it only cross-checks it)
 */
public record SignatureSpec(
    String label,
    List<String> components,
    Instant created,
    Instant expires,
    String nonce,
    String tag,
    boolean includeAlg) {

  /** Validates and copies. */
  public SignatureSpec {
    Objects.requireNonNull(label, "label");
    components = List.copyOf(components);
    Objects.requireNonNull(created, "created");
    if (!label.matches("[a-z*][a-z0-9_\\-.*]*")) {
      throw new IllegalArgumentException("label must be an RFC 8941 key, but was: " + label);
    }
    if (expires != null && !expires.isAfter(created)) {
      throw new IllegalArgumentException("expires must be after created");
    }
  }

  /**
   * Creates a spec with {@code alg} included and no expires, nonce or tag.
   *
   * @param label the label
   * @param components the covered components
   * @param created the signing time (whole seconds are sent)
   * @return the spec
   */
  public static SignatureSpec of(String label, List<String> components, Instant created) {
    return new SignatureSpec(label, components, created, null, null, null, true);
  }

  /**
   * Returns a copy with {@code expires}.
   *
   * @param newExpires the expiry time
   * @return a new spec
   */
  public SignatureSpec withExpires(Instant newExpires) {
    return new SignatureSpec(label, components, created, newExpires, nonce, tag, includeAlg);
  }

  /**
   * Returns a copy with {@code nonce}.
   *
   * @param newNonce the nonce
   * @return a new spec
   */
  public SignatureSpec withNonce(String newNonce) {
    return new SignatureSpec(label, components, created, expires, newNonce, tag, includeAlg);
  }

  /**
   * Returns a copy with {@code tag}.
   *
   * @param newTag the application tag
   * @return a new spec
   */
  public SignatureSpec withTag(String newTag) {
    return new SignatureSpec(label, components, created, expires, nonce, newTag, includeAlg);
  }

  /**
   * Returns a copy that omits the {@code alg} parameter (as the RFC 9421 Appendix B examples do).
   *
   * @return a new spec
   */
  public SignatureSpec withoutAlg() {
    return new SignatureSpec(label, components, created, expires, nonce, tag, false);
  }
}
