package org.certhub.exchange.department;

import java.util.Objects;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.ProblemException;

/**
 * The department behind an API request, authenticated by its mTLS client certificate. Controllers take a
 * {@code Caller} parameter; it is resolved by {@link CallerResolver} and never built from request data.
 *
 * @param department the department the certificate is registered to
 * @param certificateFingerprint {@code sha256:<hex>} of the client certificate
 */
public record Caller(Department department, String certificateFingerprint) {
  public Caller {
    Objects.requireNonNull(department, "department");
    Objects.requireNonNull(certificateFingerprint, "certificateFingerprint");
  }

  /** The department code, for logs and ledger entries. */
  public String code() {
    return department.code();
  }

  /** Refuses with 403 unless the caller holds {@code role}. */
  public void require(Role role) {
    if (!department.has(role)) {
      throw ProblemException.denied(
          ErrorCode.ROLE_MISSING,
          "department.role",
          "department " + code() + " does not hold the " + role.name().toLowerCase(java.util.Locale.ROOT)
              + " role this endpoint needs");
    }
  }
}
