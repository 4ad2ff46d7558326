package org.certhub.signer.httpsig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.httpsig.HttpSignatureException.Reason;
import org.certhub.signer.httpsig.StructuredFields.Bytes;
import org.certhub.signer.httpsig.StructuredFields.InnerList;
import org.certhub.signer.httpsig.StructuredFields.Item;
import org.certhub.signer.httpsig.StructuredFields.Member;
import org.certhub.signer.key.Verifier;

/**
 * Verifies RFC 9421 HTTP message signatures on requests (server side).
 *
 * <p>Order of checks: headers parse → {@code keyid} resolves → {@code alg}, if sent, equals the
 * registered key's algorithm → required components covered → {@code created}/{@code expires}
 * within bounds → signature verifies over the rebuilt signature base → if {@code content-digest}
 * is covered, it matches the body. The algorithm always comes from the registry, never from the
 * message.
 *
 * <p>Immutable and thread-safe.
 */
public final class HttpSignatureVerifier {

  /** The field carrying the signature parameters. */
  public static final String SIGNATURE_INPUT = "Signature-Input";
  /** The field carrying the signature bytes. */
  public static final String SIGNATURE = "Signature";
  /** Upper bound on each of the two signature fields, in characters. */
  public static final int MAX_FIELD_LENGTH = 8 * 1024;

  private final KeyResolver keys;
  private final VerificationPolicy policy;
  private final Clock clock;

  /**
   * Creates a verifier.
   *
   * @param keys the registry of client keys by {@code keyid}
   * @param policy required components and time bounds
   * @param clock the time source for {@code created}/{@code expires}
   */
  public HttpSignatureVerifier(KeyResolver keys, VerificationPolicy policy, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Verifies the only signature of the request.
   *
   * @param request the request as received
   * @return the accepted signature
   * @throws HttpSignatureException if the request has no or several signatures, or it is refused
   */
  public VerifiedHttpSignature verify(HttpRequest request) throws HttpSignatureException {
    Map<String, Member> inputs = parse(request, SIGNATURE_INPUT);
    if (inputs.size() != 1) {
      throw new HttpSignatureException(Reason.MALFORMED, SIGNATURE_INPUT
          + " must hold exactly one signature, but had labels " + inputs.keySet()
          + "; use verify(request, label)");
    }
    return verify(request, inputs.keySet().iterator().next());
  }

  /**
   * Verifies the signature with the given label.
   *
   * @param request the request as received
   * @param label the dictionary label, for example {@code "sig1"}
   * @return the accepted signature
   * @throws HttpSignatureException if the signature is refused; {@link
   *     HttpSignatureException#reason()} says why
   */
  public VerifiedHttpSignature verify(HttpRequest request, String label)
      throws HttpSignatureException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(label, "label");
    Member input = parse(request, SIGNATURE_INPUT).get(label);
    Member sig = parse(request, SIGNATURE).get(label);
    if (input == null || sig == null) {
      throw new HttpSignatureException(Reason.MISSING_SIGNATURE, "label \"" + label
          + "\" must be present in both " + SIGNATURE_INPUT + " and " + SIGNATURE
          + ", but was missing from " + (input == null ? SIGNATURE_INPUT : SIGNATURE));
    }
    if (!(input instanceof InnerList params)) {
      throw malformed(SIGNATURE_INPUT, label, "must be an inner list of components");
    }
    if (!(sig instanceof Item sigItem) || !(sigItem.value() instanceof Bytes sigBytes)) {
      throw malformed(SIGNATURE, label, "must be a byte sequence");
    }
    List<String> components = components(label, params);
    SignatureBase.checkComponents(components);

    String keyId = stringParam(label, params, "keyid")
        .orElseThrow(() -> malformed(SIGNATURE_INPUT, label, "must have a keyid parameter"));
    Verifier verifier = keys.resolve(keyId).orElseThrow(() -> new HttpSignatureException(
        Reason.UNKNOWN_KEY, "keyid \"" + truncate(keyId) + "\" must be a registered key"));
    HttpSignatureAlgorithm alg = HttpSignatureAlgorithm.forKey(verifier.algorithm());
    Optional<String> sentAlg = stringParam(label, params, "alg");
    if (sentAlg.isPresent() && !sentAlg.get().equals(alg.rfcName())) {
      throw new HttpSignatureException(Reason.ALGORITHM_MISMATCH, "alg of \"" + label
          + "\" must be \"" + alg.rfcName() + "\" for key \"" + truncate(keyId) + "\", but was: \""
          + truncate(sentAlg.get()) + "\"");
    }
    for (String required : policy.requiredComponents()) {
      if (!components.contains(required)) {
        throw new HttpSignatureException(Reason.MISSING_COMPONENT, "signature \"" + label
            + "\" must cover \"" + required + "\", but covered only " + components);
      }
    }
    Instant created = instantParam(label, params, "created").orElseThrow(
        () -> new HttpSignatureException(Reason.MISSING_PARAMETER,
            "signature \"" + label + "\" must have a created parameter"));
    Instant expires = instantParam(label, params, "expires").orElse(null);
    checkTime(label, created, expires);

    byte[] base = SignatureBase.build(request, components,
        StructuredFields.serializeInnerList(params));
    alg.verify(verifier, sigBytes.value(), base);

    if (components.contains("content-digest")) {
      ContentDigest.verify(request.headers().combined("content-digest").orElseThrow(),
          request.body());
    }
    return new VerifiedHttpSignature(label, keyId, alg, components, created, expires,
        DigestAlgorithm.SHA256.describe(base));
  }

  private void checkTime(String label, Instant created, Instant expires)
      throws HttpSignatureException {
    Instant now = clock.instant();
    Duration skew = policy.clockSkew();
    if (created.isAfter(now.plus(skew))) {
      throw new HttpSignatureException(Reason.NOT_YET_VALID, "created of \"" + label
          + "\" must not be later than now + " + skew + " (" + now + "), but was: " + created);
    }
    if (expires != null && now.minus(skew).isAfter(expires)) {
      throw new HttpSignatureException(Reason.EXPIRED, "expires of \"" + label
          + "\" must not have passed (now " + now + "), but was: " + expires);
    }
    if (now.minus(skew).isAfter(created.plus(policy.maxAge()))) {
      throw new HttpSignatureException(Reason.EXPIRED, "created of \"" + label
          + "\" must be within " + policy.maxAge() + " of now (" + now + "), but was: " + created);
    }
  }

  private static Map<String, Member> parse(HttpRequest request, String field)
      throws HttpSignatureException {
    String value = request.headers().combined(field).orElseThrow(() -> new HttpSignatureException(
        Reason.MISSING_SIGNATURE, field + " header must be present, but was: absent"));
    if (value.length() > MAX_FIELD_LENGTH) {
      throw new HttpSignatureException(Reason.TOO_LARGE, field + " must be at most "
          + MAX_FIELD_LENGTH + " characters, but was: " + value.length());
    }
    try {
      return StructuredFields.parseDictionary(field, value);
    } catch (StructuredFieldException e) {
      throw new HttpSignatureException(Reason.MALFORMED, e.getMessage(), e);
    }
  }

  private static List<String> components(String label, InnerList params)
      throws HttpSignatureException {
    if (params.items().size() > SignatureBase.MAX_COMPONENTS) {
      throw new HttpSignatureException(Reason.TOO_LARGE, "signature \"" + label
          + "\" must cover at most " + SignatureBase.MAX_COMPONENTS + " components, but covered "
          + params.items().size());
    }
    List<String> out = new ArrayList<>();
    for (Item item : params.items()) {
      if (!(item.value() instanceof String id)) {
        throw malformed(SIGNATURE_INPUT, label, "components must be strings, but one was "
            + item.value());
      }
      if (!item.params().isEmpty()) {
        throw malformed(SIGNATURE_INPUT, label, "component \"" + id
            + "\" must have no parameters (;sf ;bs ;key ;req ;name are unsupported), but had "
            + item.params().keySet());
      }
      out.add(id);
    }
    return out;
  }

  private static Optional<String> stringParam(String label, InnerList params, String name)
      throws HttpSignatureException {
    Object v = params.params().get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String s)) {
      throw malformed(SIGNATURE_INPUT, label, "parameter " + name + " must be a string");
    }
    return Optional.of(s);
  }

  private static Optional<Instant> instantParam(String label, InnerList params, String name)
      throws HttpSignatureException {
    Object v = params.params().get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof Long seconds) || seconds < 0) {
      throw malformed(SIGNATURE_INPUT, label,
          "parameter " + name + " must be a non-negative integer of seconds");
    }
    return Optional.of(Instant.ofEpochSecond(seconds));
  }

  private static HttpSignatureException malformed(String field, String label, String problem) {
    return new HttpSignatureException(Reason.MALFORMED,
        field + " member \"" + label + "\" " + problem);
  }

  private static String truncate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
