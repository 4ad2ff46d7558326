package org.certhub.signer.httpsig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.httpsig.HttpSignatureException.Reason;
import org.certhub.signer.httpsig.StructuredFields.InnerList;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.key.Keys;
import org.certhub.signer.key.Verifier;
import org.junit.jupiter.api.Test;

/** RFC 9421 Appendix B.2.6 (ed25519) and B.2.4 (ecdsa-p256-sha256), byte for byte. */
class HttpSignatureRfc9421VectorsTest {

  private static final Instant CREATED = Instant.ofEpochSecond(1618884473);

  // B.2.6
  private static final String B26_INPUT = "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\""
      + " \"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
  private static final String B26_SIGNATURE = "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1"
      + "u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:";
  private static final String B26_BASE = "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n"
      + "\"@method\": POST\n"
      + "\"@path\": /foo\n"
      + "\"@authority\": example.com\n"
      + "\"content-type\": application/json\n"
      + "\"content-length\": 18\n"
      + "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\""
      + " \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";

  // B.2.4 (a response; only its signature base and signature are checked here)
  private static final String B24_INPUT = "sig-b24=(\"@status\" \"content-type\" \"content-digest\""
      + " \"content-length\");created=1618884473;keyid=\"test-key-ecc-p256\"";
  private static final String B24_SIGNATURE = "wNmSUAhwb5LxtOtOpNa6W5xj067m5hFrj0XQ4fvpaCLx0NK"
      + "ocgPquLgyahnzDnDAUy5eCdlYUEkLIj+32oiasw==";
  private static final String B24_BASE = "\"@status\": 200\n"
      + "\"content-type\": application/json\n"
      + "\"content-digest\": sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69w"
      + "WdXymyU0rjJuahq4l5aGgfLQ==:\n"
      + "\"content-length\": 23\n"
      + "\"@signature-params\": (\"@status\" \"content-type\" \"content-digest\" \"content-length\")"
      + ";created=1618884473;keyid=\"test-key-ecc-p256\"";

  private static HttpRequest b26Request() {
    HttpRequest r = Rfc9421TestKeys.testRequest();
    return r.withHeaders(r.headers().with("Signature-Input", B26_INPUT)
        .with("Signature", B26_SIGNATURE));
  }

  private static HttpSignatureVerifier verifier(String keyId, Verifier v) {
    return new HttpSignatureVerifier(id -> id.equals(keyId) ? Optional.of(v) : Optional.empty(),
        VerificationPolicy.requiring("@method", "@authority", "@path"),
        Clock.fixed(CREATED.plusSeconds(5), ZoneOffset.UTC));
  }

  @Test
  void b26_signatureBase_equalsRfcByteForByte() throws Exception {
    InnerList params = (InnerList) StructuredFields.parseDictionary("Signature-Input", B26_INPUT)
        .get("sig-b26");
    List<String> components = List.of("date", "@method", "@path", "@authority", "content-type",
        "content-length");
    byte[] base = SignatureBase.build(Rfc9421TestKeys.testRequest(), components,
        StructuredFields.serializeInnerList(params));
    assertThat(new String(base, StandardCharsets.US_ASCII)).isEqualTo(B26_BASE);
  }

  @Test
  void b26_publishedSignature_verifies() throws Exception {
    Verifier v = Verifier.forPublicKey(Rfc9421TestKeys.ed25519Public());
    VerifiedHttpSignature ok = verifier("test-key-ed25519", v).verify(b26Request());

    assertThat(ok.label()).isEqualTo("sig-b26");
    assertThat(ok.keyId()).isEqualTo("test-key-ed25519");
    assertThat(ok.algorithm()).isEqualTo(HttpSignatureAlgorithm.ED25519);
    assertThat(ok.coveredComponents()).containsExactly("date", "@method", "@path", "@authority",
        "content-type", "content-length");
    assertThat(ok.created()).isEqualTo(CREATED);
    assertThat(ok.signatureBaseDigest())
        .isEqualTo(DigestAlgorithm.SHA256.describe(B26_BASE.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void b26_signing_reproducesPublishedHeaders() throws Exception {
    // Ed25519 is deterministic, so the RFC's signature must come out exactly.
    KeyHandle key = Keys.handle(Rfc9421TestKeys.ed25519KeyPair());
    SignatureHeaders h = new HttpSigner(key, "test-key-ed25519").sign(
        Rfc9421TestKeys.testRequest(),
        SignatureSpec.of("sig-b26", List.of("date", "@method", "@path", "@authority",
            "content-type", "content-length"), CREATED).withoutAlg());
    assertThat(h.signatureInput()).isEqualTo(B26_INPUT);
    assertThat(h.signature()).isEqualTo(B26_SIGNATURE);
  }

  @Test
  void b26_flippedSignatureBit_isBadSignature() throws Exception {
    byte[] sig = Base64.getDecoder().decode(B26_SIGNATURE.substring(9, B26_SIGNATURE.length() - 1));
    sig[10] ^= 1;
    HttpRequest r = b26Request();
    HttpRequest tampered = r.withHeaders(r.headers().with("Signature",
        "sig-b26=:" + Base64.getEncoder().encodeToString(sig) + ":"));
    Verifier v = Verifier.forPublicKey(Rfc9421TestKeys.ed25519Public());
    assertThatThrownBy(() -> verifier("test-key-ed25519", v).verify(tampered))
        .isInstanceOfSatisfying(HttpSignatureException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
  }

  @Test
  void b24_signatureParams_serializeAsInRfc() throws Exception {
    InnerList params = (InnerList) StructuredFields.parseDictionary("Signature-Input", B24_INPUT)
        .get("sig-b24");
    assertThat(B24_BASE).endsWith("\"@signature-params\": "
        + StructuredFields.serializeInnerList(params));
  }

  @Test
  void b24_publishedSignature_verifiesOverRfcBase() throws Exception {
    Verifier v = Verifier.forPublicKey(Rfc9421TestKeys.eccPublic());
    byte[] sig = Base64.getDecoder().decode(B24_SIGNATURE);
    assertThat(sig).hasSize(64);
    HttpSignatureAlgorithm.forKey(v.algorithm())
        .verify(v, sig, B24_BASE.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void b24_publishedSignatureOverChangedBase_isBadSignature() throws Exception {
    Verifier v = Verifier.forPublicKey(Rfc9421TestKeys.eccPublic());
    byte[] sig = Base64.getDecoder().decode(B24_SIGNATURE);
    byte[] base = B24_BASE.replace("200", "201").getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> HttpSignatureAlgorithm.ECDSA_P256_SHA256.verify(v, sig, base))
        .isInstanceOfSatisfying(HttpSignatureException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_SIGNATURE));
  }

  @Test
  void b24_derEncodedSignature_isRefused() throws Exception {
    Verifier v = Verifier.forPublicKey(Rfc9421TestKeys.eccPublic());
    byte[] der = org.certhub.signer.algorithm.RawSignatures.toDer(Base64.getDecoder().decode(B24_SIGNATURE));
    assertThatThrownBy(() -> HttpSignatureAlgorithm.ECDSA_P256_SHA256.verify(v, der,
        B24_BASE.getBytes(StandardCharsets.US_ASCII)))
        .hasMessageContaining("64 bytes");
  }

  @Test
  void ecdsaRfcKey_signsRequest_andVerifies() throws Exception {
    KeyHandle key = Keys.handle(Rfc9421TestKeys.eccKeyPair());
    HttpSigner signer = new HttpSigner(key, "test-key-ecc-p256");
    HttpRequest r = Rfc9421TestKeys.testRequest();
    SignatureHeaders h = signer.sign(r, SignatureSpec.of("sig1",
        List.of("@method", "@authority", "@path", "content-digest"), CREATED));
    assertThat(h.signatureInput()).isEqualTo("sig1=(\"@method\" \"@authority\" \"@path\""
        + " \"content-digest\");created=1618884473;alg=\"ecdsa-p256-sha256\""
        + ";keyid=\"test-key-ecc-p256\"");
    Map<String, StructuredFields.Member> sig = StructuredFields.parseDictionary("Signature",
        h.signature());
    assertThat(((StructuredFields.Bytes) ((StructuredFields.Item) sig.get("sig1")).value()).value())
        .hasSize(64);

    VerifiedHttpSignature ok = verifier("test-key-ecc-p256",
        Verifier.forPublicKey(Rfc9421TestKeys.eccPublic())).verify(h.applyTo(r));
    assertThat(ok.algorithm()).isEqualTo(HttpSignatureAlgorithm.ECDSA_P256_SHA256);
  }
}
