package org.certhub.signer.seal;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.certhub.signer.SignerException;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.cms.CmsFixtures;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.RevocationSource;
import org.certhub.signer.tsa.TimeStampAuthority;

/** An SM2 hierarchy with a seal maker, two signers (one authorised) and a TSA, all made at test time. */
record SealFixtures(TestPki pki, KeyHandle maker, KeyHandle signer, KeyHandle stranger, TimeStampAuthority tsa) {

  static final Instant NOW = TestPki.NOW;
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final byte[] CONTENT = "<ofd:Signature>Doc_0/Signs/Sign_0</ofd:Signature>".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  static SealFixtures create() throws SignerException {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.SEAL_MAKER);
    KeyHandle signer = CmsFixtures.leaf(pki, SignatureAlgorithm.SM2_SM3, "CN=Zhang San,O=Market Regulation Bureau,C=CN",
        CertificateProfile.DOCUMENT_SIGNING);
    KeyHandle stranger = CmsFixtures.leaf(pki, SignatureAlgorithm.SM2_SM3, "CN=Li Si,O=Elsewhere,C=CN",
        CertificateProfile.DOCUMENT_SIGNING);
    KeyHandle tsaKey = CmsFixtures.leaf(pki, SignatureAlgorithm.ECDSA_P256_SHA256, "CN=Test TSA,O=CertHub,C=CN",
        CertificateProfile.TIME_STAMPING);
    return new SealFixtures(pki, pki.leafKey(), signer, stranger, new TimeStampAuthority(tsaKey, CLOCK));
  }

  SealRequest request(Optional<DigestAlgorithm> digests) {
    return new SealRequest("43010000000001", 1, "长沙市市场监督管理局", List.of(signer.chain().get(0)), digests,
        NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), SealPictures.svg("长沙市市场监督管理局"));
  }

  Seal seal() throws SignerException {
    return new SealMaker(maker, "CertHub", CLOCK).make(request(Optional.empty()));
  }

  Function<byte[], byte[]> timeStamper() {
    return value -> {
      try {
        return tsa.timestamp(value);
      } catch (SignerException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  Stamp stamp(Seal seal) throws SignerException {
    return new Stamper(signer, CLOCK).stamp(seal, CONTENT, "/Doc_0/Signs/Sign_0/Signature.xml");
  }

  Stamp timestampedStamp(Seal seal) throws SignerException {
    return new Stamper(signer, CLOCK, timeStamper()).stamp(seal, CONTENT, "/Doc_0/Signs/Sign_0/Signature.xml");
  }

  SealTrust trust() {
    Set<X509Certificate> anchors = Set.of(pki.root().certificate());
    return new SealTrust(anchors, anchors, anchors, List.of(pki.issuing().certificate()));
  }

  SealVerifier verifier() {
    return verifier(SealStatusSource.NONE);
  }

  SealVerifier verifier(SealStatusSource statuses) {
    return new SealVerifier(trust(), RevocationSource.NONE, statuses, CLOCK);
  }

  /** A v4 stamp built by hand, so a test can set what {@link Stamper} refuses to make. */
  static byte[] forgeStamp(Seal seal, KeyHandle key, Instant timeInfo, byte[] content) throws SignerException {
    byte[] toSign = SealCodec.encodeToSign(seal, timeInfo, DigestAlgorithm.SM3.digest(content), "forged");
    return SealCodec.encodeStamp(toSign, SealMaker.encoded(key.chain().get(0)), key.algorithm().oid(), key.sign(toSign), Optional.empty());
  }
}
