package org.certhub.exchange.catalogue;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public licence-type catalogue, in the signer's JSON form: what an offline verifier ({@code certhub
 * licence verify --catalogue}) needs to check the type rules and who may issue each type.
 */
@RestController
class CatalogueController {
  private final CatalogueRepository catalogue;

  CatalogueController(CatalogueRepository catalogue) {
    this.catalogue = catalogue;
  }

  @GetMapping(value = "/catalogue/licence-types", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<String> types() {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)))
        .contentType(MediaType.APPLICATION_JSON)
        .body(catalogue.all().toJson());
  }
}
