package org.certhub.signer.tsa;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampTokenInfo;
import org.certhub.signer.TestPki;
import org.certhub.signer.algorithm.DigestAlgorithm;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.cms.CmsFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 3161 replies: granted with the stated fields, refused with the right PKIFailureInfo, never an exception. */
class TimeStampAuthorityTest {

  private static final byte[] DIGEST = DigestAlgorithm.SHA256.digest(new byte[] {1, 2, 3});
  private static TimeStampAuthority tsa;

  @BeforeAll
  static void tsa() throws Exception {
    tsa = CmsFixtures.create(SignatureAlgorithm.ECDSA_P256_SHA256).tsa();
  }

  private static TimeStampResponse ask(TimeStampRequest request) throws Exception {
    TimeStampResponse r = new TimeStampResponse(tsa.respond(request.getEncoded()));
    return r;
  }

  @Test
  void granted_echoesTheNonce_statesPolicyAccuracyAndSerial_includesTheCertificateOnlyOnCertReq() throws Exception {
    TimeStampRequestGenerator g = new TimeStampRequestGenerator();
    g.setCertReq(true);
    TimeStampRequest request = g.generate(TSPAlgorithms.SHA256, DIGEST, BigInteger.valueOf(424242));
    TimeStampResponse r = ask(request);
    assertThat(r.getStatus()).isEqualTo(PKIStatus.GRANTED);
    r.validate(request);
    TimeStampTokenInfo info = r.getTimeStampToken().getTimeStampInfo();
    assertThat(info.getNonce()).isEqualTo(BigInteger.valueOf(424242));
    assertThat(info.getPolicy().getId()).isEqualTo(TimeStampAuthority.POLICY);
    assertThat(info.getAccuracy().getSeconds().intValueExact()).isEqualTo(1);
    assertThat(info.getSerialNumber().bitLength()).isEqualTo(128);
    assertThat(info.getGenTime().toInstant()).isEqualTo(TestPki.NOW);
    assertThat(r.getTimeStampToken().getCertificates().getMatches(null)).isNotEmpty();
    assertThat(info.getSerialNumber()).isNotEqualTo(ask(request).getTimeStampToken().getTimeStampInfo().getSerialNumber());

    TimeStampRequest noCerts = new TimeStampRequestGenerator().generate(TSPAlgorithms.SM3, DIGEST, BigInteger.ONE);
    TimeStampResponse bare = ask(noCerts);
    assertThat(bare.getStatus()).isEqualTo(PKIStatus.GRANTED);
    assertThat(bare.getTimeStampToken().getCertificates().getMatches(null)).isEmpty();
  }

  @Test
  void sha1_isRejectedWithBadAlg() throws Exception {
    TimeStampResponse r = ask(new TimeStampRequestGenerator().generate(OIWObjectIdentifiers.idSHA1, new byte[20]));
    assertThat(r.getStatus()).isEqualTo(PKIStatus.REJECTION);
    assertThat(r.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.badAlg);
    assertThat(r.getTimeStampToken()).isNull();
  }

  @Test
  void otherPolicy_isRejectedWithUnacceptedPolicy() throws Exception {
    TimeStampRequestGenerator g = new TimeStampRequestGenerator();
    g.setReqPolicy(new ASN1ObjectIdentifier("1.2.3.4"));
    TimeStampResponse r = ask(g.generate(TSPAlgorithms.SHA256, DIGEST));
    assertThat(r.getStatus()).isEqualTo(PKIStatus.REJECTION);
    assertThat(r.getFailInfo().intValue()).isEqualTo(PKIFailureInfo.unacceptedPolicy);
  }

  @Test
  void malformedQueries_areRejectedWithBadDataFormat() throws Exception {
    for (String hex : new String[] {"", "00", "3003020101", "30847fffffff", "3080" + "3080".repeat(200),
        "30290201013021300d06096086480165030402010500041000000000000000000000000000000000"}) { // last: 16-byte SHA-256 imprint
      TimeStampResponse r = new TimeStampResponse(tsa.respond(HexFormat.of().parseHex(hex)));
      assertThat(r.getStatus()).as(hex).isEqualTo(PKIStatus.REJECTION);
      assertThat(r.getFailInfo().intValue()).as(hex).isEqualTo(PKIFailureInfo.badDataFormat);
    }
    assertThat(new TimeStampResponse(tsa.respond(new byte[TimeStampAuthority.MAX_QUERY_BYTES + 1])).getFailInfo().intValue())
        .isEqualTo(PKIFailureInfo.badDataFormat);
  }
}
