package org.certhub.signer.httpsig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.httpsig.ContentDigest.Algorithm;
import org.certhub.signer.httpsig.HttpSignatureException.Reason;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Keys;
import org.certhub.signer.key.Verifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HttpSignatureVerifierTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final List<String> COMPONENTS =
      List.of("@method", "@target-uri", "content-type", "content-digest");
  private static final byte[] BODY =
      "{\"matter\":\"M-1\",\"claims\":[\"name\"]}".getBytes(StandardCharsets.UTF_8);

  private static final KeyHandle P256 = Keys.handle(Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256));
  private static final KeyHandle ED = Keys.handle(Keys.generate(SignatureAlgorithm.ED25519));
  private static final KeyHandle SM2 = Keys.handle(Keys.generate(SignatureAlgorithm.SM2_SM3));

  private static HttpRequest pull() {
    HttpFields h = HttpFields.builder()
        .add("Content-Type", "application/json")
        .add("Content-Digest", ContentDigest.create(BODY, Algorithm.SHA_256))
        .build();
    return HttpRequest.of("POST", URI.create("https://hub.example:8443/api/v1/pulls"), h, BODY);
  }

  private static HttpRequest signed(KeyHandle key, SignatureSpec spec) throws Exception {
    HttpRequest r = pull();
    return new HttpSigner(key, "dept-1").sign(r, spec).applyTo(r);
  }

  private static HttpRequest signed(KeyHandle key) throws Exception {
    return signed(key, SignatureSpec.of("sig1", COMPONENTS, NOW.minusSeconds(2)));
  }

  private static HttpSignatureVerifier verifier(KeyHandle key) throws Exception {
    Verifier v = Verifier.forPublicKey(key.publicKey());
    return new HttpSignatureVerifier(id -> id.equals("dept-1") ? Optional.of(v) : Optional.empty(),
        VerificationPolicy.requiring("@method", "@target-uri", "content-digest"),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static void assertReason(ThrowingCallable call, Reason reason, String messagePart) {
    assertThatThrownBy(call).isInstanceOfSatisfying(HttpSignatureException.class,
        e -> assertThat(e.reason()).isEqualTo(reason)).hasMessageContaining(messagePart);
  }

  private static HttpRequest withHeader(HttpRequest r, String name, String value) {
    return r.withHeaders(r.headers().with(name, value));
  }

  @ParameterizedTest
  @EnumSource(HttpSignatureAlgorithm.class)
  void roundTrip_eachAlgorithm_verifies(HttpSignatureAlgorithm alg) throws Exception {
    KeyHandle key = alg == HttpSignatureAlgorithm.SM2_SM3 ? SM2
        : alg == HttpSignatureAlgorithm.ED25519 ? ED : P256;
    HttpRequest r = signed(key);
    assertThat(r.headers().combined("Signature-Input").orElseThrow())
        .contains(";alg=\"" + alg.rfcName() + "\";keyid=\"dept-1\"");

    VerifiedHttpSignature ok = verifier(key).verify(r);

    assertThat(ok.algorithm()).isEqualTo(alg);
    assertThat(ok.coveredComponents()).isEqualTo(COMPONENTS);
    assertThat(ok.created()).isEqualTo(NOW.minusSeconds(2));
    assertThat(ok.signatureBaseDigest()).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void sm2_signatureBase_coversTargetUriWithPort() throws Exception {
    HttpRequest r = signed(SM2);
    byte[] base = SignatureBase.build(r, COMPONENTS, "()");
    assertThat(new String(base, StandardCharsets.US_ASCII))
        .contains("\"@target-uri\": https://hub.example:8443/api/v1/pulls\n");
  }

  @Test
  void derivedComponents_haveRfcValues() throws Exception {
    HttpRequest r = HttpRequest.of("GET", URI.create("HTTPS://Example.COM:443/p%20a?x=1&y"),
        HttpFields.empty(), new byte[0]);
    List<String> all = List.of("@method", "@target-uri", "@authority", "@scheme",
        "@request-target", "@path", "@query");
    assertThat(new String(SignatureBase.build(r, all, "()"), StandardCharsets.US_ASCII)).isEqualTo(
        "\"@method\": GET\n"
            + "\"@target-uri\": https://Example.COM:443/p%20a?x=1&y\n"
            + "\"@authority\": example.com\n"
            + "\"@scheme\": https\n"
            + "\"@request-target\": /p%20a?x=1&y\n"
            + "\"@path\": /p%20a\n"
            + "\"@query\": ?x=1&y\n"
            + "\"@signature-params\": ()");
    HttpRequest noQuery = HttpRequest.of("GET", URI.create("https://example.com"),
        HttpFields.empty(), new byte[0]);
    assertThat(new String(SignatureBase.build(noQuery, List.of("@path", "@query"), "()"),
        StandardCharsets.US_ASCII)).isEqualTo("\"@path\": /\n\"@query\": ?\n\"@signature-params\": ()");
  }

  @Test
  void multiValuedField_isJoinedWithCommaSpace() throws Exception {
    HttpRequest r = HttpRequest.of("GET", URI.create("https://example.com/"),
        HttpFields.builder().add("X-Ids", " a ").add("x-ids", "b\t").build(), new byte[0]);
    assertThat(new String(SignatureBase.build(r, List.of("x-ids"), "()"), StandardCharsets.US_ASCII))
        .startsWith("\"x-ids\": a, b\n");
  }

  @Test
  void tamper_changedCoveredHeader_isBadSignature() throws Exception {
    HttpRequest r = withHeader(signed(P256), "Content-Type", "text/plain");
    assertReason(() -> verifier(P256).verify(r), Reason.BAD_SIGNATURE, "ecdsa-p256-sha256");
  }

  @Test
  void tamper_changedTarget_isBadSignature() throws Exception {
    HttpRequest s = signed(ED);
    HttpRequest r = new HttpRequest(s.method(), s.scheme(), s.authority(), "/api/v1/checks",
        null, s.headers(), s.body());
    assertReason(() -> verifier(ED).verify(r), Reason.BAD_SIGNATURE, "ed25519");
  }

  @Test
  void tamper_changedBody_withDigestCovered_isDigestMismatch() throws Exception {
    byte[] other = BODY.clone();
    other[5] ^= 1;
    HttpRequest r = signed(SM2).withBody(other);
    assertReason(() -> verifier(SM2).verify(r), Reason.DIGEST_MISMATCH, "Content-Digest sha-256");
  }

  @Test
  void tamper_replacedDigestHeader_isBadSignature() throws Exception {
    byte[] other = "{}".getBytes(StandardCharsets.UTF_8);
    HttpRequest r = withHeader(signed(P256).withBody(other), "Content-Digest",
        ContentDigest.create(other, Algorithm.SHA_256));
    assertReason(() -> verifier(P256).verify(r), Reason.BAD_SIGNATURE, "invalid");
  }

  @Test
  void algParam_differentFromRegisteredKey_isAlgorithmMismatch() throws Exception {
    HttpRequest s = signed(P256);
    String input = s.headers().combined("Signature-Input").orElseThrow()
        .replace("alg=\"ecdsa-p256-sha256\"", "alg=\"ed25519\"");
    assertReason(() -> verifier(P256).verify(withHeader(s, "Signature-Input", input)),
        Reason.ALGORITHM_MISMATCH, "must be \"ecdsa-p256-sha256\" for key \"dept-1\"");
  }

  @Test
  void signatureFromOtherKeyType_underRegisteredKeyid_isRefused() throws Exception {
    // An Ed25519 signature can never be checked as ECDSA: the registry decides, not the message.
    HttpRequest r = signed(ED, SignatureSpec.of("sig1", COMPONENTS, NOW).withoutAlg());
    assertReason(() -> verifier(P256).verify(r), Reason.BAD_SIGNATURE, "ecdsa-p256-sha256");
  }

  @Test
  void unknownKeyid_isUnknownKey() throws Exception {
    HttpRequest s = signed(ED);
    String input = s.headers().combined("Signature-Input").orElseThrow()
        .replace("keyid=\"dept-1\"", "keyid=\"dept-9\"");
    assertReason(() -> verifier(ED).verify(withHeader(s, "Signature-Input", input)),
        Reason.UNKNOWN_KEY, "dept-9");
  }

  @Test
  void requiredComponentNotCovered_isMissingComponent() throws Exception {
    HttpRequest r = signed(ED, SignatureSpec.of("sig1", List.of("@method", "@target-uri"), NOW));
    assertReason(() -> verifier(ED).verify(r), Reason.MISSING_COMPONENT,
        "must cover \"content-digest\"");
  }

  @Test
  void coveredFieldAbsent_isMissingComponent() throws Exception {
    HttpRequest s = signed(ED);
    HttpFields.Builder b = HttpFields.builder();
    for (String n : s.headers().names()) {
      if (!n.equals("content-type")) {
        s.headers().values(n).forEach(v -> b.add(n, v));
      }
    }
    assertReason(() -> verifier(ED).verify(s.withHeaders(b.build())), Reason.MISSING_COMPONENT,
        "\"content-type\" must be present");
  }

  @Test
  void expiresPassed_isExpired() throws Exception {
    HttpRequest r = signed(ED, SignatureSpec.of("sig1", COMPONENTS, NOW.minusSeconds(200))
        .withExpires(NOW.minusSeconds(61)));
    assertReason(() -> verifier(ED).verify(r), Reason.EXPIRED, "expires");
  }

  @Test
  void expiresWithinSkew_verifies() throws Exception {
    HttpRequest r = signed(ED, SignatureSpec.of("sig1", COMPONENTS, NOW.minusSeconds(200))
        .withExpires(NOW.minusSeconds(30)));
    assertThat(verifier(ED).verify(r).expires()).contains(NOW.minusSeconds(30));
  }

  @Test
  void createdTooOld_isExpired() throws Exception {
    HttpRequest r = signed(ED, SignatureSpec.of("sig1", COMPONENTS,
        NOW.minus(Duration.ofMinutes(7))));
    assertReason(() -> verifier(ED).verify(r), Reason.EXPIRED, "must be within PT5M");
  }

  @Test
  void createdInFuture_isNotYetValid() throws Exception {
    HttpRequest r = signed(ED, SignatureSpec.of("sig1", COMPONENTS, NOW.plusSeconds(120)));
    assertReason(() -> verifier(ED).verify(r), Reason.NOT_YET_VALID, "created");
  }

  @Test
  void createdMissing_isMissingParameter() throws Exception {
    HttpRequest s = signed(ED);
    String input = s.headers().combined("Signature-Input").orElseThrow()
        .replaceFirst(";created=\\d+", "");
    assertReason(() -> verifier(ED).verify(withHeader(s, "Signature-Input", input)),
        Reason.MISSING_PARAMETER, "created");
  }

  @Test
  void noSignatureHeaders_isMissingSignature() {
    assertReason(() -> verifier(ED).verify(pull()), Reason.MISSING_SIGNATURE,
        "Signature-Input header must be present");
  }

  @Test
  void labelOnlyInOneHeader_isMissingSignature() throws Exception {
    HttpRequest s = signed(ED);
    String sig = s.headers().combined("Signature").orElseThrow().replace("sig1=", "sig2=");
    assertReason(() -> verifier(ED).verify(withHeader(s, "Signature", sig)),
        Reason.MISSING_SIGNATURE, "missing from Signature");
  }

  @Test
  void twoSignatures_needALabel() throws Exception {
    HttpRequest s = signed(ED);
    String input = s.headers().combined("Signature-Input").orElseThrow();
    HttpRequest two = withHeader(s, "Signature-Input",
        input + ", " + input.replace("sig1=", "sig2="));
    assertReason(() -> verifier(ED).verify(two), Reason.MALFORMED, "exactly one signature");
    assertThat(verifier(ED).verify(two, "sig1").label()).isEqualTo("sig1");
  }

  @Test
  void malformedSignatureInput_namesHeaderAndOffset() throws Exception {
    HttpRequest s = signed(ED);
    assertReason(() -> verifier(ED).verify(withHeader(s, "Signature-Input", "sig1=(\"@method\"")),
        Reason.MALFORMED, "Signature-Input at offset 15");
    assertReason(() -> verifier(ED).verify(withHeader(s, "Signature", "sig1=:AAA=")),
        Reason.MALFORMED, "Signature at offset 10");
    assertReason(() -> verifier(ED).verify(withHeader(s, "Signature", "sig1=\"AAA=\"")),
        Reason.MALFORMED, "must be a byte sequence");
  }

  @Test
  void componentWithParameters_isMalformed() throws Exception {
    HttpRequest s = signed(ED);
    String input = s.headers().combined("Signature-Input").orElseThrow()
        .replace("\"content-digest\"", "\"content-digest\";sf");
    assertReason(() -> verifier(ED).verify(withHeader(s, "Signature-Input", input)),
        Reason.MALFORMED, "must have no parameters");
  }

  @Test
  void unknownOrUppercaseOrRepeatedComponent_isMalformed() throws Exception {
    HttpRequest r = pull();
    HttpSigner signer = new HttpSigner(ED, "dept-1");
    assertReason(() -> signer.sign(r, SignatureSpec.of("sig1", List.of("@status"), NOW)),
        Reason.MALFORMED, "derived component must be one of");
    assertReason(() -> signer.sign(r, SignatureSpec.of("sig1", List.of("Content-Type"), NOW)),
        Reason.MALFORMED, "lowercase field name");
    assertReason(() -> signer.sign(r, SignatureSpec.of("sig1", List.of("@path", "@path"), NOW)),
        Reason.MALFORMED, "must not repeat");
  }

  @Test
  void tooManyComponents_isTooLarge() throws Exception {
    List<String> many = new ArrayList<>();
    HttpFields.Builder b = HttpFields.builder();
    for (int i = 0; i <= SignatureBase.MAX_COMPONENTS; i++) {
      many.add("x-h" + i);
      b.add("x-h" + i, "v");
    }
    HttpRequest r = HttpRequest.of("POST", URI.create("https://hub.example/api/v1/checks"),
        b.build(), new byte[0]);
    assertReason(() -> new HttpSigner(ED, "dept-1").sign(r, SignatureSpec.of("sig1", many, NOW)),
        Reason.TOO_LARGE, "at most 32");
  }

  @Test
  void oversizedSignatureHeader_isTooLarge() throws Exception {
    HttpRequest s = signed(ED);
    String huge = "sig1=:" + "A".repeat(HttpSignatureVerifier.MAX_FIELD_LENGTH) + ":";
    assertReason(() -> verifier(ED).verify(withHeader(s, "Signature", huge)), Reason.TOO_LARGE,
        "Signature must be at most 8192 characters");
  }

  @Test
  void nonAsciiCoveredValue_isMalformed() throws Exception {
    HttpRequest r = HttpRequest.of("POST", URI.create("https://hub.example/api/v1/pulls"),
        HttpFields.builder().add("X-Name", "caf\u00e9").build(), new byte[0]);
    assertReason(() -> new HttpSigner(ED, "dept-1").sign(r,
        SignatureSpec.of("sig1", List.of("x-name"), NOW)), Reason.MALFORMED, "printable ASCII");
  }

  @Test
  void signatureBaseDigest_isStableAndBindsTheRequest() throws Exception {
    HttpRequest r = signed(ED);
    String d1 = verifier(ED).verify(r).signatureBaseDigest();
    assertThat(verifier(ED).verify(r).signatureBaseDigest()).isEqualTo(d1);
    HttpRequest other = signed(ED, SignatureSpec.of("sig1", COMPONENTS, NOW.minusSeconds(3)));
    assertThat(verifier(ED).verify(other).signatureBaseDigest()).isNotEqualTo(d1);
  }

  @Test
  void nonceAndTag_areSignedAndSerialized() throws Exception {
    HttpRequest r = signed(SM2, SignatureSpec.of("sig1", COMPONENTS, NOW)
        .withNonce("n-\"1\"").withTag("certhub-pull"));
    assertThat(r.headers().combined("Signature-Input").orElseThrow()).endsWith(
        ";nonce=\"n-\\\"1\\\"\";alg=\"sm2-sm3\";keyid=\"dept-1\";tag=\"certhub-pull\"");
    assertThat(verifier(SM2).verify(r).keyId()).isEqualTo("dept-1");
  }
}
