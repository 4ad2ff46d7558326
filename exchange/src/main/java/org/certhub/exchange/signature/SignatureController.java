package org.certhub.exchange.signature;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.certhub.exchange.department.Caller;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.ProblemException;
import org.certhub.signer.cms.CmsSigner;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/signatures?mode=detached|enveloping}: the body's bytes (any media type but forms), signed
 * for the calling department as CAdES-T → {@code application/pkcs7-signature} (DER). Over 20 MB: 413.
 */
@RestController
class SignatureController {
  static final MediaType PKCS7_SIGNATURE = MediaType.parseMediaType("application/pkcs7-signature");
  private final SignatureService service;

  SignatureController(SignatureService service) {
    this.service = service;
  }

  // No 'produces': a problem+json refusal must not be turned into 406 by the Accept header.
  @PostMapping("/api/v1/signatures")
  ResponseEntity<byte[]> sign(Caller caller, HttpServletRequest request) throws IOException {
    CmsSigner.Mode mode = mode(queryMode(request));
    String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
    if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
      throw ProblemException.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "the bytes to sign are the body as is (e.g. application/octet-stream), not a form");
    }
    // The caller is resolved before the body is read: an unknown certificate never makes the hub read 20 MB.
    if (request.getContentLengthLong() > SignatureService.MAX_CONTENT_BYTES) {
      throw tooLarge();
    }
    byte[] content;
    try (InputStream in = request.getInputStream()) {
      content = in.readNBytes(SignatureService.MAX_CONTENT_BYTES + 1);
    }
    if (content.length > SignatureService.MAX_CONTENT_BYTES) {
      throw tooLarge();
    }
    return ResponseEntity.ok().contentType(PKCS7_SIGNATURE).cacheControl(CacheControl.noStore()).body(service.sign(caller, content, mode));
  }

  /** The mode from the query string itself: reading a parameter could make the container parse the body as a form. */
  private static String queryMode(HttpServletRequest request) {
    String q = request.getQueryString();
    String mode = null;
    if (q != null) {
      for (String pair : q.split("&")) {
        if (pair.startsWith("mode=")) {
          if (mode != null) {
            throw ProblemException.malformed("?mode", "mode must be given once, but was: repeated");
          }
          mode = pair.substring(5);
        }
      }
    }
    return mode == null ? "detached" : mode;
  }

  private static CmsSigner.Mode mode(String mode) {
    return switch (mode) {
      case "detached" -> CmsSigner.Mode.DETACHED;
      case "enveloping" -> CmsSigner.Mode.ENVELOPING;
      default -> throw ProblemException.malformed("?mode", "mode must be detached or enveloping, but was: "
          + (mode.length() > 40 ? mode.substring(0, 40) + "…" : mode));
    };
  }

  private static ProblemException tooLarge() {
    return ProblemException.of(ErrorCode.PAYLOAD_TOO_LARGE, "the content is over " + (SignatureService.MAX_CONTENT_BYTES >> 20) + " MB");
  }
}
