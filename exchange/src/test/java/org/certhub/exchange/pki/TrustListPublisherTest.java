package org.certhub.exchange.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.certhub.exchange.TestDatabases;
import org.certhub.exchange.catalogue.CatalogueRepository;
import org.certhub.signer.algorithm.SignatureAlgorithm;
import org.certhub.signer.key.Keys;
import org.certhub.signer.licence.LicenceTypes;
import org.certhub.signer.pki.CertificateAuthority;
import org.certhub.signer.pki.CertificateProfile;
import org.certhub.signer.pki.CertificateRequest;
import org.certhub.signer.qr.SignedTrustList;
import org.certhub.signer.qr.TrustedKey;
import org.certhub.signer.qr.TrustedType;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The published trust list carries the issuers' keys in force and the whole licence-type catalogue. */
class TrustListPublisherTest {
  static final String ISSUER = "11330100MB1234567E";
  static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

  @Test
  void publishesKeysInForceAndTheCatalogueInFieldOrder() throws Exception {
    JdbcClient jdbc = TestDatabases.migrated();
    CatalogueRepository catalogue = new CatalogueRepository(jdbc);
    LicenceTypes.demo().all().forEach(catalogue::add);
    CertificateRegistry certificates = new CertificateRegistry(jdbc);
    CertificateAuthority hub = CertificateAuthority.createRoot("CN=CertHub Test Hub,O=CertHub,C=CN",
        Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256), NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
    KeyPair issuerKey = Keys.generate(SignatureAlgorithm.SM2_SM3);
    X509Certificate issuerCert = hub.issue(new CertificateRequest("CN=Issuer,organizationIdentifier=" + ISSUER + ",C=CN",
        issuerKey.getPublic(), CertificateProfile.DOCUMENT_SIGNING, NOW.minus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(10)), List.of(), List.of()));
    certificates.register(issuerCert, ISSUER, IssuerKeys.PURPOSE);

    KeyPair hubPair = Keys.generate(SignatureAlgorithm.ECDSA_P256_SHA256);
    X509Certificate hubCert = hub.issue(new CertificateRequest("CN=CertHub Hub Response,O=CertHub,C=CN",
        hubPair.getPublic(), CertificateProfile.DOCUMENT_SIGNING, NOW.minus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(10)), List.of(), List.of()));
    TrustListPublisher publisher = new TrustListPublisher(certificates, catalogue,
        Keys.handle(hubPair, List.of(hubCert, hub.certificate())), Clock.fixed(NOW, ZoneOffset.UTC));

    SignedTrustList.Verified v = SignedTrustList.verify(publisher.current(), hubCert, NOW);

    assertThat(v.trust().keys()).containsExactly(new TrustedKey(ISSUER, issuerCert));
    assertThat(v.trust().types()).containsExactlyInAnyOrderElementsOf(
        LicenceTypes.demo().all().stream().map(TrustedType::of).toList());
    assertThat(v.trust().type("11100000MB0143028R001").orElseThrow().fields().get(0))
        .isEqualTo(new TrustedType.Field("name", "名称"));
  }
}
