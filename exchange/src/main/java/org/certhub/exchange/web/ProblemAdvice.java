package org.certhub.exchange.web;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps every refusal to RFC 9457 {@code application/problem+json} with a stable {@code code}. Unexpected
 * failures become a generic 500 without a stack trace or internals; the cause goes to the log only.
 */
// Ahead of Spring's own problem-details handler, which would otherwise answer 415/405 without our stable code.
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice
public class ProblemAdvice {
  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
  private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

  /** Builds the problem body for a code and detail; shared with the hub's security edge. */
  public static ProblemDetail problem(ErrorCode code, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(code.status(), detail);
    p.setType(URI.create("https://certhub.example/problems/" + code.code()));
    p.setTitle(code.status().getReasonPhrase());
    p.setProperty("code", code.code());
    return p;
  }

  /**
   * U+0000 is part of no identifier, date or text this API takes, and PostgreSQL cannot store or compare it (a
   * query with one failed there as a 500): every query, path and header parameter bound to a String refuses it.
   */
  @org.springframework.web.bind.annotation.InitBinder
  void refuseNul(org.springframework.web.bind.WebDataBinder binder) {
    binder.registerCustomEditor(String.class, new java.beans.PropertyEditorSupport() {
      @Override
      public void setAsText(String text) {
        if (text != null && text.indexOf('\u0000') >= 0) {
          throw new IllegalArgumentException("U+0000 in a parameter");
        }
        setValue(text);
      }
    });
  }

  @ExceptionHandler(ProblemException.class)
  ResponseEntity<ProblemDetail> refused(ProblemException e) {
    if (e.getCause() != null) {
      log.error("{}: {}", e.code().code(), e.getMessage(), e.getCause());
    }
    ProblemDetail p = problem(e.code(), e.getMessage());
    if (e.field() != null) {
      p.setProperty("field", e.field());
    }
    if (e.rule() != null) {
      p.setProperty("rule", e.rule());
    }
    e.properties().forEach(p::setProperty);
    if (e.properties().get("retryAfter") instanceof Long seconds) {
      return ResponseEntity.status(e.code().status()).contentType(PROBLEM).header("Retry-After", Long.toString(seconds)).body(p);
    }
    return respond(e.code().status(), p);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
    ProblemDetail p = problem(ErrorCode.MALFORMED_REQUEST, "the request body must be one JSON object");
    p.setProperty("field", "");
    return respond(ErrorCode.MALFORMED_REQUEST.status(), p);
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
    ProblemDetail p =
        problem(ErrorCode.MALFORMED_REQUEST, "query parameter '" + e.getParameterName() + "' is required");
    p.setProperty("field", "?" + e.getParameterName());
    return respond(ErrorCode.MALFORMED_REQUEST.status(), p);
  }

  @ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException e) {
    ProblemDetail p = String.valueOf(e.getValue()).indexOf('\u0000') >= 0
        ? problem(ErrorCode.MALFORMED_REQUEST, "parameter '" + e.getName() + "' must not contain U+0000")
        : problem(ErrorCode.MALFORMED_REQUEST, "parameter '" + e.getName() + "' has the wrong type: '"
            + JsonBody.truncate(String.valueOf(e.getValue())) + "'");
    p.setProperty("field", "?" + e.getName());
    return respond(ErrorCode.MALFORMED_REQUEST.status(), p);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
    return respond(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE.status(),
        problem(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            "the request body must be "
                + (e.getSupportedMediaTypes().isEmpty()
                    ? "application/json"
                    : e.getSupportedMediaTypes().stream().map(Object::toString).collect(java.util.stream.Collectors.joining(" or ")))
                + ", but was: " + e.getContentType()));
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
    return respond(
        ErrorCode.METHOD_NOT_ALLOWED.status(),
        problem(ErrorCode.METHOD_NOT_ALLOWED, "method " + e.getMethod() + " is not allowed here"));
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
    return respond(
        ErrorCode.NOT_FOUND.status(), problem(ErrorCode.NOT_FOUND, "no resource at /" + e.getResourcePath()));
  }

  /**
   * A body declared multipart that cannot be parsed (no boundary, truncated) is the client's error, and one over
   * the multipart limit is too large; Spring raises both before any controller, as a bare MultipartException.
   */
  @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
  ResponseEntity<ProblemDetail> multipart(org.springframework.web.multipart.MultipartException e) {
    if (e instanceof org.springframework.web.multipart.MaxUploadSizeExceededException) {
      return respond(ErrorCode.PAYLOAD_TOO_LARGE.status(), problem(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is over the upload limit"));
    }
    ProblemDetail p = problem(ErrorCode.MALFORMED_REQUEST, "the request body is not well-formed multipart/form-data");
    p.setProperty("field", "");
    return respond(ErrorCode.MALFORMED_REQUEST.status(), p);
  }

  /** The ledger's disk or signing key failed: refuse with 503 rather than a bare 500 (no entry, no data). */
  @ExceptionHandler(org.certhub.ledger.LedgerFailureException.class)
  ResponseEntity<ProblemDetail> ledgerFailed(org.certhub.ledger.LedgerFailureException e) {
    log.error("ledger failure", e);
    return respond(
        ErrorCode.LEDGER_UNAVAILABLE.status(),
        problem(ErrorCode.LEDGER_UNAVAILABLE, "the ledger is unavailable; nothing was released"));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    if (e instanceof org.springframework.web.ErrorResponse er && er.getStatusCode().is4xxClientError()) {
      // Spring's own client errors (a missing header, an unacceptable Accept, ...): their status, our shape.
      int status = er.getStatusCode().value();
      String code = status == 401 ? "unauthenticated" : status == 404 ? "not_found" : status == 405 ? "method_not_allowed"
          : status == 415 ? "unsupported_media_type" : status == 400 ? "malformed_request" : "request_refused";
      ProblemDetail p = ProblemDetail.forStatusAndDetail(er.getStatusCode(),
          er.getBody().getDetail() == null ? "the request was refused" : er.getBody().getDetail());
      p.setType(URI.create("https://certhub.example/problems/" + code));
      p.setProperty("code", code);
      return respond(er.getStatusCode(), p);
    }
    if (e.getClass().getName().equals("org.apache.tomcat.util.http.InvalidParameterException")) {
      // Tomcat could not decode the query string (bad percent-encoding or UTF-8): the client's error. Matched by name so
      // this module keeps no dependency on the servlet container; not logged, as its message quotes the value.
      ProblemDetail p = problem(ErrorCode.MALFORMED_REQUEST, "the query string is not valid percent-encoded UTF-8");
      p.setProperty("field", "?");
      return respond(ErrorCode.MALFORMED_REQUEST.status(), p);
    }
    log.error("unexpected failure", e);
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(
            HttpStatusCode.valueOf(500), "the hub failed to handle this request; it was logged");
    p.setProperty("code", "internal_error");
    return respond(HttpStatusCode.valueOf(500), p);
  }

  private static ResponseEntity<ProblemDetail> respond(HttpStatusCode status, ProblemDetail p) {
    return ResponseEntity.status(status).contentType(PROBLEM).body(p);
  }
}
