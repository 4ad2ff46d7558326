package org.certhub.exchange.department;

import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Departments and the client certificates registered to them. */
@Repository
public class DepartmentRepository {
  private final JdbcClient jdbc;

  public DepartmentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Adds a department; fails if the code exists. */
  public void add(Department d) {
    jdbc.sql("INSERT INTO department (code, name, roles) VALUES (?, ?, ?)")
        .params(d.code(), d.name(), d.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(",")))
        .update();
  }

  /** Finds a department by its code. */
  public Optional<Department> find(String code) {
    return jdbc.sql("SELECT code, name, roles FROM department WHERE code = ?")
        .param(code)
        .query((rs, i) -> new Department(rs.getString(1), rs.getString(2), roles(rs.getString(3))))
        .optional();
  }

  /** All departments, by code. */
  public List<Department> all() {
    return jdbc.sql("SELECT code, name, roles FROM department ORDER BY code")
        .query((rs, i) -> new Department(rs.getString(1), rs.getString(2), roles(rs.getString(3))))
        .list();
  }

  /** Suspends a department; false if it is unknown or already suspended. */
  public boolean suspend(String code, java.time.Instant at, String reason) {
    return jdbc.sql("UPDATE department SET suspended_at = ?, suspension_reason = ? WHERE code = ? AND suspended_at IS NULL")
            .params(Timestamp.from(at), reason, code)
            .update()
        == 1;
  }

  /** Lifts a suspension; false if the department was not suspended. */
  public boolean reinstate(String code) {
    return jdbc.sql("UPDATE department SET suspended_at = NULL, suspension_reason = NULL WHERE code = ? AND suspended_at IS NOT NULL")
            .param(code)
            .update()
        == 1;
  }

  /** When and why a department was suspended, if it is. */
  public Optional<Suspension> suspension(String code) {
    return jdbc.sql("SELECT suspended_at, suspension_reason FROM department WHERE code = ? AND suspended_at IS NOT NULL")
        .param(code)
        .query((rs, i) -> new Suspension(rs.getTimestamp(1).toInstant(), rs.getString(2)))
        .optional();
  }

  /** A department's suspension. */
  public record Suspension(Instant at, String reason) {}

  /** Registers a client certificate for a department. */
  public void addCredential(String departmentCode, X509Certificate cert) {
    jdbc.sql(
            "INSERT INTO department_credential (fingerprint, department_code, subject, not_after)"
                + " VALUES (?, ?, ?, ?)")
        .params(
            Fingerprints.sha256(cert),
            departmentCode,
            cert.getSubjectX500Principal().getName(),
            Timestamp.from(cert.getNotAfter().toInstant()))
        .update();
  }

  /** The credential row for a certificate fingerprint, if registered. */
  public Optional<Credential> credential(String fingerprint) {
    return jdbc.sql(
            "SELECT department_code, not_after, revoked_at FROM department_credential WHERE fingerprint = ?")
        .param(fingerprint)
        .query(
            (rs, i) ->
                new Credential(
                    fingerprint,
                    rs.getString(1),
                    rs.getTimestamp(2).toInstant(),
                    rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()))
        .optional();
  }

  /**
   * Everything needed to admit a request, in one query (it runs on every department request): the credential
   * of a certificate fingerprint with its department and the department's suspension, if any.
   */
  public Optional<Admission> admission(String fingerprint) {
    return jdbc.sql(
            "SELECT c.department_code, c.not_after, c.revoked_at, d.name, d.roles, d.suspended_at, d.suspension_reason"
                + " FROM department_credential c JOIN department d ON d.code = c.department_code WHERE c.fingerprint = ?")
        .param(fingerprint)
        .query(
            (rs, i) ->
                new Admission(
                    new Credential(
                        fingerprint,
                        rs.getString(1),
                        rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()),
                    new Department(rs.getString(1), rs.getString(4), roles(rs.getString(5))),
                    rs.getTimestamp(6) == null ? null : new Suspension(rs.getTimestamp(6).toInstant(), rs.getString(7))))
        .optional();
  }

  /** A credential with its department and that department's suspension (null when in good standing). */
  public record Admission(Credential credential, Department department, Suspension suspension) {}

  /** A registered client certificate. {@code revokedAt} is null while it is in force. */
  public record Credential(String fingerprint, String departmentCode, Instant notAfter, Instant revokedAt) {}

  private static java.util.Set<Role> roles(String csv) {
    if (csv == null || csv.isBlank()) {
      return EnumSet.noneOf(Role.class);
    }
    return Arrays.stream(csv.split(",")).map(Role::valueOf).collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
  }
}
