package org.certhub.exchange.licence;

import java.time.Clock;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Marks licences past their last day as expired and records each expiry in the ledger, so the issuer's
 * list and the audit trail say so. Reads never wait for it: {@link StoredLicence#statusOn} already treats
 * such a licence as expired.
 */
@Component
class LicenceExpiry {
  private static final Logger log = LoggerFactory.getLogger(LicenceExpiry.class);
  private final LicenceRepository licences;
  private final LicenceService service;
  private final Clock clock;

  LicenceExpiry(LicenceRepository licences, LicenceService service, Clock clock) {
    this.licences = licences;
    this.service = service;
    this.clock = clock;
  }

  @Scheduled(initialDelayString = "${certhub.expiry.initial-delay:PT10S}", fixedDelayString = "${certhub.expiry.interval:PT1H}")
  void run() {
    int n = 0;
    for (StoredLicence s : licences.expiredButValid(LocalDate.now(clock), 500)) {
      if (service.expire(s)) {
        n++;
      }
    }
    if (n > 0) {
      log.info("marked {} licence(s) expired", n);
    }
  }
}
