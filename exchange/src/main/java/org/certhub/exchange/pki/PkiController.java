package org.certhub.exchange.pki;

import java.security.cert.CRLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.SignerException;
import org.certhub.signer.pki.Pem;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Public PKI endpoints: the CA certificates, the CRL (the URL in every certificate's CRL distribution
 * point) and a per-certificate status answer. No client certificate needed: relying parties outside the
 * hub (counter staff, banks, openssl) must be able to check.
 */
@RestController
class PkiController {
  static final MediaType PKIX_CRL = MediaType.parseMediaType("application/pkix-crl");
  static final MediaType PEM = MediaType.parseMediaType("application/x-pem-file");
  private final CertificateService certificates;
  private final java.time.Clock clock;
  private final TrustListPublisher trustList;

  PkiController(CertificateService certificates, java.time.Clock clock, TrustListPublisher trustList) {
    this.trustList = trustList;
    this.certificates = certificates;
    this.clock = clock;
  }

  @GetMapping("/pki/crl")
  ResponseEntity<byte[]> crl() throws SignerException, CRLException {
    var crl = certificates.crl();
    return ResponseEntity.ok()
        .contentType(PKIX_CRL)
        .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
        .body(crl.getEncoded());
  }

  @GetMapping("/pki/crl.pem")
  ResponseEntity<String> crlPem() throws SignerException {
    return ResponseEntity.ok().contentType(PEM).body(Pem.crl(certificates.crl()));
  }

  @GetMapping("/pki/ca.pem")
  ResponseEntity<String> ca() throws SignerException {
    return ResponseEntity.ok().contentType(PEM).body(Pem.certificates(certificates.caCertificates()));
  }

  /**
   * The signed trust list for QR verifiers: issuers' licence-signing keys by kid (COSE_Sign1 over deterministic CBOR,
   * signed by the hub; see docs/qr.md). Cacheable; a verifier keeps it until its expiry.
   */
  @GetMapping("/api/v1/trust-list")
  ResponseEntity<byte[]> trustList() throws SignerException {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/cose; cose-type=\"cose-sign1\""))
        .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
        .body(trustList.current());
  }

  /** Root and issuing CA and the current CRL in one file: the offline verifier's trust bundle. */
  @GetMapping("/pki/trust-bundle.pem")
  ResponseEntity<String> trustBundle() throws SignerException {
    return ResponseEntity.ok()
        .contentType(PEM)
        .body(Pem.certificates(certificates.caCertificates()) + Pem.crl(certificates.crl()));
  }

  @GetMapping(value = "/api/v1/pki/certificates/{serial}", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> status(@PathVariable String serial) {
    String key = AdminController.normalise(serial);
    IssuedCertificate c =
        certificates.find(key)
            .orElseThrow(() -> ProblemException.of(ErrorCode.NOT_FOUND, "the hub CA issued no certificate with serial " + key));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("serial", c.serial());
    out.put("subject", c.subject());
    out.put("purpose", c.purpose());
    out.put("status", c.status(clock.instant()));
    out.put("notBefore", c.notBefore().toString());
    out.put("notAfter", c.notAfter().toString());
    if (c.revocation() != null) {
      out.put("revokedAt", c.revocation().revokedAt().toString());
      out.put("reason", Reasons.name(c.revocation().reason()));
    }
    return out;
  }
}
