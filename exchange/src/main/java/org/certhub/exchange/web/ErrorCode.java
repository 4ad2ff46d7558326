package org.certhub.exchange.web;

import org.springframework.http.HttpStatus;

/**
 * Stable, machine-readable error codes of the hub's HTTP API. Clients branch on {@link #code()}; the
 * problem's {@code detail} is for people and may change. Documented in the README's API section.
 */
public enum ErrorCode {
  /** The body or a parameter is not what the API accepts; {@code field} points at it. */
  MALFORMED_REQUEST("malformed_request", HttpStatus.BAD_REQUEST),
  /** No client certificate, or one the hub does not know. */
  UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED),
  /** An RFC 9421 request signature is missing where required, malformed, stale, by a foreign key, or does not verify. */
  SIGNATURE_INVALID("signature_invalid", HttpStatus.UNAUTHORIZED),
  /** The caller's certificate was revoked. */
  CREDENTIAL_REVOKED("credential_revoked", HttpStatus.UNAUTHORIZED),
  /** The caller's department is suspended by the hub's operators; every call is refused until reinstated. */
  DEPARTMENT_SUSPENDED("department_suspended", HttpStatus.FORBIDDEN),
  /** The caller lacks the role the endpoint needs (issue, pull, audit). */
  ROLE_MISSING("role_missing", HttpStatus.FORBIDDEN),
  /** A sharing rule refused the request; {@code rule} names it. */
  POLICY_DENIED("policy_denied", HttpStatus.FORBIDDEN),
  /** The matter needs the holder's consent and there is none usable (missing, expired, revoked, not theirs); {@code rule} says which. */
  CONSENT_MISSING("consent_missing", HttpStatus.FORBIDDEN),
  /** The department may not issue licences of this type. */
  ISSUER_NOT_AUTHORISED("issuer_not_authorised", HttpStatus.FORBIDDEN),
  /** A referenced catalogue entry, matter or licence does not exist. */
  NOT_FOUND("not_found", HttpStatus.NOT_FOUND),
  /** The licence exists but is no longer valid (expired or revoked). */
  LICENCE_INVALID("licence_invalid", HttpStatus.CONFLICT),
  /** The request conflicts with the resource's state (already revoked, superseded, not the latest version). */
  CONFLICT("conflict", HttpStatus.CONFLICT),
  /** The department's signing certificate is revoked: nothing can be signed until an admin rotates the key. */
  SIGNING_KEY_REVOKED("signing_key_revoked", HttpStatus.CONFLICT),
  /** The seal does not authorise the caller's signing certificate: nothing is stamped. */
  SEAL_SIGNER_NOT_AUTHORISED("seal_signer_not_authorised", HttpStatus.FORBIDDEN),
  /** The seal cannot stamp now: revoked, expired or not yet valid; {@code rule} says which. */
  SEAL_INVALID("seal_invalid", HttpStatus.CONFLICT),
  /** The request is well-formed JSON but breaks the licence type's schema; {@code violations} lists every problem. */
  SCHEMA_VIOLATION("schema_violation", HttpStatus.UNPROCESSABLE_ENTITY),
  /** Too many requests for this department and matter; {@code Retry-After} says when to try again. */
  RATE_LIMITED("rate_limited", HttpStatus.TOO_MANY_REQUESTS),
  /** The request body is not JSON or not the media type the endpoint takes. */
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
  /** The body is larger than this API accepts (e.g. a photo over 10 MB). */
  PAYLOAD_TOO_LARGE("payload_too_large", HttpStatus.CONTENT_TOO_LARGE),
  /** The method is not allowed on this resource. */
  METHOD_NOT_ALLOWED("method_not_allowed", HttpStatus.METHOD_NOT_ALLOWED),
  /** The citizens' identity provider could not be used (unreachable, misconfigured, or an unusable answer); sign-in did not happen. */
  IDENTITY_PROVIDER_FAILED("identity_provider_failed", HttpStatus.BAD_GATEWAY),
  /** The ledger could not make the access record durable in time: no entry, no data. */
  LEDGER_UNAVAILABLE("ledger_unavailable", HttpStatus.SERVICE_UNAVAILABLE),
  /**
   * The replay guard (Redis, when configured) cannot be reached, so an online check that must refuse a replayed
   * QR presentation cannot be answered safely; retry shortly. Offline verification and pulls are not affected.
   */
  REPLAY_GUARD_UNAVAILABLE("replay_guard_unavailable", HttpStatus.SERVICE_UNAVAILABLE),
  /** The hub cannot make files in the asked format on this machine (PDF without a CJK font); other formats work. */
  FORMAT_UNAVAILABLE("format_unavailable", HttpStatus.SERVICE_UNAVAILABLE),
  /** A stored record failed its integrity check (for example a licence signature); nothing is served. */
  INTEGRITY_FAILURE("integrity_failure", HttpStatus.INTERNAL_SERVER_ERROR);

  private final String code;
  private final HttpStatus status;

  ErrorCode(String code, HttpStatus status) {
    this.code = code;
    this.status = status;
  }

  /** The snake_case code sent as the problem's {@code code} member. */
  public String code() {
    return code;
  }

  /** The HTTP status this code is always sent with. */
  public HttpStatus status() {
    return status;
  }
}
