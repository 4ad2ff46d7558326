package org.certhub.signer.httpsig;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The published RFC 9421 Appendix B.1 test keys and the B.2 test request. Test material only:
 * these private keys are public knowledge.
 */
final class Rfc9421TestKeys {

  /** B.1.3 test-key-ecc-p256, SubjectPublicKeyInfo. */
  static final String ECC_P256_PUBLIC =
      "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lf"
          + "w0EkjqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==";
  /** B.1.3 test-key-ecc-p256, SEC1 ECPrivateKey. */
  static final String ECC_P256_PRIVATE =
      "MHcCAQEEIFKbhfNZfpDsW43+0+JjUr9K+bTeuxopu653+hBaXGA7oAoGCCqGSM49"
          + "AwEHoUQDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lfw0EkjqF7xB4FivAxzic30tMM"
          + "4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==";
  /** B.1.4 test-key-ed25519, SubjectPublicKeyInfo. */
  static final String ED25519_PUBLIC = "MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=";
  /** B.1.4 test-key-ed25519, PKCS#8. */
  static final String ED25519_PRIVATE =
      "MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF";

  private Rfc9421TestKeys() {}

  static PublicKey eccPublic() throws Exception {
    return KeyFactory.getInstance("EC")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(ECC_P256_PUBLIC)));
  }

  static KeyPair eccKeyPair() throws Exception {
    org.bouncycastle.asn1.sec.ECPrivateKey sec1 = org.bouncycastle.asn1.sec.ECPrivateKey
        .getInstance(Base64.getDecoder().decode(ECC_P256_PRIVATE));
    PrivateKeyInfo info = new PrivateKeyInfo(
        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1),
        sec1);
    PrivateKey priv = KeyFactory.getInstance("EC")
        .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    return new KeyPair(eccPublic(), priv);
  }

  static PublicKey ed25519Public() throws Exception {
    return KeyFactory.getInstance("Ed25519")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(ED25519_PUBLIC)));
  }

  static KeyPair ed25519KeyPair() throws Exception {
    PrivateKey priv = KeyFactory.getInstance("Ed25519")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(ED25519_PRIVATE)));
    return new KeyPair(ed25519Public(), priv);
  }

  /** The B.2 test-request: {@code POST /foo?param=Value&Pet=dog}, host example.com. */
  static HttpRequest testRequest() {
    HttpFields headers = HttpFields.builder()
        .add("Host", "example.com")
        .add("Date", "Tue, 20 Apr 2021 02:07:55 GMT")
        .add("Content-Type", "application/json")
        .add("Content-Digest", "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7"
            + "BNNyealdVLvRwEmTHWXvJwew==:")
        .add("Content-Length", "18")
        .build();
    return HttpRequest.of("POST", URI.create("https://example.com/foo?param=Value&Pet=dog"), headers,
        "{\"hello\": \"world\"}".getBytes(StandardCharsets.US_ASCII));
  }
}
