package org.certhub.exchange.licence;

import org.certhub.signer.SignerException;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/status-list}: the hub-signed status list QR verifiers cache (see docs/qr.md). */
@RestController
class StatusListController {
  private final StatusListPublisher statusList;

  StatusListController(StatusListPublisher statusList) {
    this.statusList = statusList;
  }

  @GetMapping("/api/v1/status-list")
  ResponseEntity<byte[]> statusList() throws SignerException {
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/statuslist+cwt"))
        .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(1)))
        .body(statusList.current());
  }
}
