package org.certhub.hub.keys;

import java.security.cert.X509Certificate;
import java.util.Map;
import org.certhub.exchange.pki.CertificateService;
import org.certhub.exchange.pki.IssuerKeys;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Puts the certificates the hub made before its database existed (its own keys at first start,
 * departments' keys from older data directories) into the CA register, so the CRL and the status
 * endpoint know every certificate. Idempotent; runs before the demo seeder.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class PkiBootstrap implements ApplicationRunner {
  private final HubKeys keys;
  private final CertificateService certificates;

  PkiBootstrap(HubKeys keys, CertificateService certificates) {
    this.keys = keys;
    this.certificates = certificates;
  }

  @Override
  public void run(ApplicationArguments args) throws Exception {
    for (Map.Entry<String, X509Certificate> e : keys.ownCertificates().entrySet()) {
      certificates.registerExisting(e.getValue(), null, e.getKey());
    }
    for (String alias : keys.store().aliases()) {
      String department = DepartmentKeys.departmentOf(alias);
      if (department != null) {
        certificates.registerExisting(keys.store().chain(alias).get(0), department, IssuerKeys.PURPOSE);
      }
    }
  }
}
