package org.certhub.exchange.department;

import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.ProblemException;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Resolves a controller's {@link Caller} parameter from the TLS client certificate. The TLS layer has
 * already checked the chain against the hub CA; here the certificate must also be registered to a
 * department, unexpired and unrevoked. Revocation takes effect on the next request.
 */
public class CallerResolver implements HandlerMethodArgumentResolver {
  private static final String CERT_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";
  private final DepartmentRepository departments;
  private final Clock clock;
  private final RefusalRecorder refusals;

  public CallerResolver(DepartmentRepository departments, Clock clock, RefusalRecorder refusals) {
    this.departments = departments;
    this.clock = clock;
    this.refusals = refusals;
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == Caller.class;
  }

  @Override
  public Caller resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mav,
      NativeWebRequest request,
      WebDataBinderFactory binderFactory) {
    HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
    return optional(http).orElseThrow(() -> ProblemException.of(
        ErrorCode.UNAUTHENTICATED, "this API needs a TLS client certificate issued by the hub CA"));
  }

  /**
   * The department behind the request's client certificate, or empty when none was presented (APIs open to
   * the public that record who asked when a department did). A certificate that is presented must be good.
   *
   * @throws ProblemException 401/403 when the presented certificate is unknown, revoked or expired, or its
   *     department suspended
   */
  public java.util.Optional<Caller> optional(HttpServletRequest http) {
    Object attr = http == null ? null : http.getAttribute(CERT_ATTRIBUTE);
    if (!(attr instanceof X509Certificate[] chain) || chain.length == 0) {
      return java.util.Optional.empty();
    }
    String fingerprint = Fingerprints.sha256(chain[0]);
    DepartmentRepository.Admission admission =
        departments
            .admission(fingerprint)
            .orElseThrow(
                () ->
                    ProblemException.of(
                        ErrorCode.UNAUTHENTICATED,
                        "the client certificate " + fingerprint + " is not registered to any department"));
    DepartmentRepository.Credential credential = admission.credential();
    if (credential.revokedAt() != null) {
      throw ProblemException.of(
          ErrorCode.CREDENTIAL_REVOKED,
          "the client certificate " + fingerprint + " was revoked at " + credential.revokedAt());
    }
    if (clock.instant().isAfter(credential.notAfter())) {
      throw ProblemException.of(
          ErrorCode.UNAUTHENTICATED,
          "the client certificate " + fingerprint + " expired at " + credential.notAfter());
    }
    Department department = admission.department();
    DepartmentRepository.Suspension s = admission.suspension();
    if (s != null) {
      refusals.refused(department.code(), fingerprint, "department.suspended", http.getMethod() + " " + http.getRequestURI());
      throw ProblemException.of(
          ErrorCode.DEPARTMENT_SUSPENDED, "department " + department.code() + " was suspended at " + s.at() + ": " + s.reason());
    }
    return java.util.Optional.of(new Caller(department, fingerprint));
  }
}
