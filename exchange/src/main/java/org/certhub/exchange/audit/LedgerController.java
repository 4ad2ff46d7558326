package org.certhub.exchange.audit;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.department.Role;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.ProblemException;
import org.certhub.ledger.tiles.TilePath;
import org.certhub.ledger.Ledger;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ledger's public face: the current signed checkpoint (c2sp.org/tlog-checkpoint, cached for a second
 * only), the verifier key, and RFC 9162 inclusion and consistency proofs. None of it names a person:
 * proofs are hashes, and entries carry holders only as pseudonyms.
 */
@RestController
class LedgerController {
  private static final MediaType TEXT = MediaType.parseMediaType("text/plain; charset=utf-8");
  private final Ledger ledger;
  private final LedgerIdentity identity;

  LedgerController(Ledger ledger, LedgerIdentity identity) {
    this.ledger = ledger;
    this.identity = identity;
  }

  @GetMapping("/ledger/checkpoint")
  ResponseEntity<String> checkpoint() {
    return ResponseEntity.ok()
        .contentType(TEXT)
        .cacheControl(CacheControl.maxAge(java.time.Duration.ofSeconds(1)).cachePublic())
        .body(ledger.latestCheckpoint());
  }

  /**
   * C2SP tlog-tiles: {@code /ledger/tile/<L>/<N>[.p/<W>]} and {@code /ledger/tile/entries/<N>[.p/<W>]}, for
   * auditors (entry bundles hold pseudonymised access records). Full tiles never change and are cached long.
   */
  @GetMapping("/ledger/tile/**")
  ResponseEntity<byte[]> tile(Caller caller, jakarta.servlet.http.HttpServletRequest request) {
    caller.require(Role.AUDIT);
    String path = request.getRequestURI().substring("/ledger/".length());
    TilePath tile;
    try {
      tile = TilePath.parse(path);
    } catch (IllegalArgumentException e) {
      throw ProblemException.malformed("/path", e.getMessage());
    }
    byte[] bytes =
        ledger.tile(tile).orElseThrow(() -> ProblemException.of(ErrorCode.NOT_FOUND, tile.path() + " is not covered by the latest checkpoint"));
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .cacheControl(tile.full() ? CacheControl.maxAge(java.time.Duration.ofDays(365)).cachePrivate().immutable() : CacheControl.noCache())
        .body(bytes);
  }

  /** A receipt upgraded to an offline proof (C2SP tlog-proof) once a checkpoint covers the entry. */
  @GetMapping("/api/v1/ledger/proof/file")
  ResponseEntity<String> proofFile(@RequestParam long index) {
    if (index < 0) {
      throw ProblemException.malformed("?index", "index must be 0 or more, but was: " + index);
    }
    try {
      return ResponseEntity.ok()
          .contentType(MediaType.parseMediaType("text/plain; charset=utf-8"))
          .header("Content-Disposition", "attachment; filename=\"certhub-" + index + ".tlog-proof\"")
          .body(ledger.proofFile(index).text());
    } catch (org.certhub.ledger.LedgerException e) {
      throw ProblemException.of(ErrorCode.CONFLICT, e.getMessage());
    }
  }

  @GetMapping("/api/v1/ledger/key")
  ResponseEntity<String> key() {
    return ResponseEntity.ok().contentType(TEXT).body(identity.verifierKey() + "\n");
  }

  @GetMapping(value = "/api/v1/ledger/proof/inclusion", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> inclusion(@RequestParam long index, @RequestParam long size) {
    long current = ledger.size();
    if (size < 1 || size > current) {
      throw ProblemException.malformed("?size", "size must be between 1 and the ledger's size " + current + ", but was: " + size);
    }
    if (index < 0 || index >= size) {
      throw ProblemException.malformed("?index", "index must be between 0 and size - 1 = " + (size - 1) + ", but was: " + index);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("index", index);
    out.put("size", size);
    out.put("leafHash", b64(ledger.hasher().hashLeaf(ledger.entry(index))));
    out.put("hashes", b64(ledger.inclusionProof(index, size)));
    return out;
  }

  @GetMapping(value = "/api/v1/ledger/proof/consistency", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> consistency(@RequestParam long from, @RequestParam long to) {
    long current = ledger.size();
    if (to < 0 || to > current) {
      throw ProblemException.malformed("?to", "to must be between 0 and the ledger's size " + current + ", but was: " + to);
    }
    if (from < 0 || from > to) {
      throw ProblemException.malformed("?from", "from must be between 0 and to = " + to + ", but was: " + from);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("from", from);
    out.put("to", to);
    out.put("hashes", b64(ledger.consistencyProof(from, to)));
    return out;
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static List<String> b64(List<byte[]> hashes) {
    return hashes.stream().map(LedgerController::b64).toList();
  }
}
