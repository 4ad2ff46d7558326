package org.certhub.exchange.audit;

import org.certhub.ledger.Ledger;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ledger's public face (c2sp.org/tlog-tiles): the current signed checkpoint, mutable, cached for
 * seconds only. Anyone may read it; it names no person.
 */
@RestController
class LedgerController {
  private static final MediaType TEXT = MediaType.parseMediaType("text/plain; charset=utf-8");
  private final Ledger ledger;

  LedgerController(Ledger ledger) {
    this.ledger = ledger;
  }

  @GetMapping("/ledger/checkpoint")
  ResponseEntity<String> checkpoint() {
    return ResponseEntity.ok()
        .contentType(TEXT)
        .cacheControl(CacheControl.maxAge(java.time.Duration.ofSeconds(1)).cachePublic())
        .body(ledger.latestCheckpoint());
  }
}
