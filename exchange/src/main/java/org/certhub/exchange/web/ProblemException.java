package org.certhub.exchange.web;

import java.util.Objects;

/**
 * A refusal the API reports as RFC 9457 problem+json: a stable {@link ErrorCode}, a detail that says what
 * is wrong, and where applicable the JSON pointer of the offending field or the sharing rule that refused.
 */
public final class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String field;
  private final String rule;
  private final transient java.util.Map<String, Object> properties;

  private ProblemException(ErrorCode code, String detail, String field, String rule, Throwable cause) {
    this(code, detail, field, rule, cause, java.util.Map.of());
  }

  private ProblemException(
      ErrorCode code, String detail, String field, String rule, Throwable cause, java.util.Map<String, Object> properties) {
    super(Objects.requireNonNull(detail, "detail"), cause);
    this.code = Objects.requireNonNull(code, "code");
    this.field = field;
    this.rule = rule;
    this.properties = java.util.Map.copyOf(properties);
  }

  /** A refusal with extra problem members (RFC 9457 §3.2 extensions), e.g. {@code violations} or {@code rows}. */
  public static ProblemException withProperties(ErrorCode code, String detail, java.util.Map<String, Object> properties) {
    return new ProblemException(code, detail, null, null, null, properties);
  }

  /** Extension members to add to the problem body. */
  public java.util.Map<String, Object> properties() {
    return properties;
  }

  /** A refusal without a field or rule. */
  public static ProblemException of(ErrorCode code, String detail) {
    return new ProblemException(code, detail, null, null, null);
  }

  /** A malformed request; {@code pointer} is the RFC 6901 pointer of the offending member. */
  public static ProblemException malformed(String pointer, String detail) {
    return new ProblemException(ErrorCode.MALFORMED_REQUEST, detail, pointer, null, null);
  }

  /** A refusal by a named sharing or issuing rule. */
  public static ProblemException denied(ErrorCode code, String rule, String detail) {
    return new ProblemException(code, detail, null, rule, null);
  }

  /** A refusal caused by a lower-level failure that is logged but not shown to the caller. */
  public static ProblemException withCause(ErrorCode code, String detail, Throwable cause) {
    return new ProblemException(code, detail, null, null, cause);
  }

  public ErrorCode code() {
    return code;
  }

  /** The JSON pointer of the offending field, or null. */
  public String field() {
    return field;
  }

  /** The sharing rule that refused, or null. */
  public String rule() {
    return rule;
  }
}
