package org.certhub.exchange.qr;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.certhub.exchange.department.CallerResolver;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.JsonBody;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.qr.QrImages;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/qr/verify}: the counter verifier's online check. Takes {@code {"text": "CH1:…"}} or a
 * photo ({@code image/png}, {@code image/jpeg}, …). Open to anyone at a counter; when a department's client
 * certificate is presented the check is recorded in the ledger as {@code qr.verify}. Verification outcomes are
 * answers (200 with a verdict), not errors: only a request the API cannot read gets problem+json.
 */
@RestController
class QrController {
  private final QrCheck check;
  private final CallerResolver callers;

  QrController(QrCheck check, CallerResolver callers) {
    this.check = check;
    this.callers = callers;
  }

  @PostMapping(value = "/api/v1/qr/verify", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Verdict> verifyText(@RequestBody JsonNode body, HttpServletRequest request) {
    String text = JsonBody.of(body).only(Set.of("text")).string("text");
    return answer(check.check(text, callers.optional(request)));
  }

  @PostMapping(value = "/api/v1/qr/verify", consumes = {"image/png", "image/jpeg", "image/gif", "image/bmp"},
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Verdict> verifyImage(HttpServletRequest request) throws IOException {
    // Resolve the caller first: a bad certificate is refused before a 10 MB body is read.
    var caller = callers.optional(request);
    if (request.getContentLengthLong() > QrImages.MAX_BYTES) {
      throw tooLarge();
    }
    byte[] image;
    try (InputStream in = request.getInputStream()) {
      image = in.readNBytes(QrImages.MAX_BYTES + 1);
    }
    if (image.length > QrImages.MAX_BYTES) {
      throw tooLarge();
    }
    return answer(check.checkImage(image, caller));
  }

  private static ProblemException tooLarge() {
    return ProblemException.of(ErrorCode.PAYLOAD_TOO_LARGE, "the photo is over " + (QrImages.MAX_BYTES >> 20) + " MB; a QR code needs far less");
  }

  private static ResponseEntity<Verdict> answer(Verdict v) {
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(v);
  }
}
