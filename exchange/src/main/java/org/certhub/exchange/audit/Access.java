package org.certhub.exchange.audit;

import java.util.List;
import java.util.Objects;

/**
 * One access to a holder's data, as recorded in the ledger. The holder appears only as its pseudonym.
 *
 * @param action what was done: {@code licence.issue}, {@code licence.update}, {@code licence.revoke},
 *     {@code licence.read}, {@code licence.expire}, {@code pull}, {@code audit.query}, {@code admin.*}
 * @param department code of the department that acted
 * @param holder pseudonym of the holder whose data was touched, or null
 * @param licenceType licence type code, or null
 * @param licenceId licence identifier, or null
 * @param matter matter code the access was for, or null
 * @param outcome {@code allowed}, {@code denied} or {@code not_found}
 * @param rule the rule that refused, or the policy id that allowed, or a reason, or null
 * @param requestId the hub's id for the request
 * @param certificate {@code sha256:<hex>} of the client certificate the department acted with, or null
 *     for the hub's own jobs
 * @param officer the officer the department named for the request (经办人), or null
 * @param purpose the stated purpose, or null
 * @param fields the licence fields disclosed in the answer, or null when none were
 * @param requestDigest {@code sha256:<hex>} of the canonical request body, or null
 * @param consent id of the holder's consent the access relied on, or null
 * @param signature the department's RFC 9421 signature over the request ({@code keyid sha256:<base digest>
 *     :<signature>:}), or null when the request was not signed
 */
public record Access(
    String action,
    String department,
    String holder,
    String licenceType,
    String licenceId,
    String matter,
    String outcome,
    String rule,
    String requestId,
    String certificate,
    String officer,
    String purpose,
    List<String> fields,
    String requestDigest,
    String consent,
    String signature) {
  public Access {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(department, "department");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(requestId, "requestId");
    if (holder != null && !holder.startsWith("hmac-sha256:")) {
      throw new IllegalArgumentException("holder must be a pseudonym, never a plain identifier");
    }
    fields = fields == null ? null : List.copyOf(fields);
  }

  /** An access without actor or request details (the hub's own jobs, older entries). */
  public Access(
      String action, String department, String holder, String licenceType, String licenceId, String matter, String outcome, String rule,
      String requestId) {
    this(action, department, holder, licenceType, licenceId, matter, outcome, rule, requestId, null, null, null, null, null, null, null);
  }

  /** This access, done with the given client certificate by the named officer. */
  public Access by(String certificateFingerprint, String officerName) {
    return new Access(action, department, holder, licenceType, licenceId, matter, outcome, rule, requestId, certificateFingerprint,
        officerName, purpose, fields, requestDigest, consent, signature);
  }

  /** This access, for a stated purpose, disclosing these fields, for a request with this digest. */
  public Access about(String statedPurpose, List<String> disclosed, String digest) {
    return new Access(action, department, holder, licenceType, licenceId, matter, outcome, rule, requestId, certificate, officer,
        statedPurpose, disclosed, digest, consent, signature);
  }

  /** This access, about licence {@code id}. */
  public Access forLicence(String id) {
    return new Access(action, department, holder, licenceType, id, matter, outcome, rule, requestId, certificate, officer,
        purpose, fields, requestDigest, consent, signature);
  }

  /** This access, relying on the holder's consent {@code consentId}. */
  public Access withConsent(String consentId) {
    return new Access(action, department, holder, licenceType, licenceId, matter, outcome, rule, requestId, certificate, officer,
        purpose, fields, requestDigest, consentId, signature);
  }

  /** This access, for a request the department signed (RFC 9421). */
  public Access signedAs(String signatureSummary) {
    return new Access(action, department, holder, licenceType, licenceId, matter, outcome, rule, requestId, certificate, officer,
        purpose, fields, requestDigest, consent, signatureSummary);
  }

  /** This access with another outcome and rule (a refusal decided after the access was described). */
  public Access outcome(String newOutcome, String newRule) {
    return new Access(action, department, holder, licenceType, licenceId, matter, newOutcome, newRule, requestId, certificate, officer,
        purpose, fields, requestDigest, consent, signature);
  }
}
