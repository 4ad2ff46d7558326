package org.certhub.signer.file;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.certhub.signer.TestLicences;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.cms.CmsFixtures;
import org.certhub.signer.key.KeyHandle;
import org.certhub.signer.licence.LicenceSigner;
import org.certhub.signer.licence.SignedLicence;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.RevocationSource;
import org.certhub.signer.seal.Seal;
import org.certhub.signer.seal.SealMaker;
import org.certhub.signer.seal.SealPictures;
import org.certhub.signer.seal.SealRequest;
import org.certhub.signer.seal.SealStatusSource;
import org.certhub.signer.seal.SealTrust;
import org.certhub.signer.tsa.TimeStampAuthority;

/** An SM2 hierarchy made at test time: a seal maker, the issuer's signer (licence, stamp, PDF) and a TSA. */
record FileFixtures(TestPki pki, KeyHandle signer, TimeStampAuthority tsa, Seal seal, SignedLicence licence) {

  static final Clock CLOCK = Clock.fixed(TestPki.NOW, ZoneOffset.UTC);
  static final String QR = "CH1:6BFOXN*TS0BI$ZD.P9UOL97O4-2HH77HRM3DSPTLRR+%3";

  static FileFixtures create() throws Exception {
    TestPki pki = TestPki.create(SignatureAlgorithm.SM2_SM3, CertificateProfile.SEAL_MAKER);
    KeyHandle signer = CmsFixtures.leaf(pki, SignatureAlgorithm.SM2_SM3,
        "CN=Market Regulation Bureau,organizationIdentifier=" + TestPki.ISSUER_CODE + ",O=Hunan,C=CN", CertificateProfile.DOCUMENT_SIGNING);
    KeyHandle tsaKey = CmsFixtures.leaf(pki, SignatureAlgorithm.ECDSA_P256_SHA256, "CN=Test TSA,O=CertHub,C=CN", CertificateProfile.TIME_STAMPING);
    Seal seal = new SealMaker(pki.leafKey(), "CertHub", CLOCK).make(new SealRequest("43010000000001", 1, "湖南省市场监督管理局",
        List.of(signer.chain().get(0)), Optional.empty(), TestPki.NOW.minus(Duration.ofDays(1)), TestPki.NOW.plus(Duration.ofDays(30)),
        SealPictures.png("湖南省市场监督管理局", 10)));
    SignedLicence licence = LicenceSigner.sign(TestLicences.businessLicence("0000000001", TestPki.NOW.minus(Duration.ofHours(1))), signer);
    return new FileFixtures(pki, signer, new TimeStampAuthority(tsaKey, CLOCK), seal, licence);
  }

  LicenceFiles maker() {
    return new LicenceFiles(seal, signer, tsa, CLOCK);
  }

  LicenceFile file() {
    return new LicenceFile(licence, Optional.empty(), QR);
  }

  LicenceFileVerifier verifier() {
    Set<X509Certificate> anchors = Set.of(pki.root().certificate());
    // No intermediates: the verifier takes the issuing CA from the licence's chain inside the file.
    SealTrust trust = new SealTrust(anchors, anchors, anchors, List.of());
    return new LicenceFileVerifier(trust, RevocationSource.NONE, SealStatusSource.NONE, CLOCK);
  }
}
