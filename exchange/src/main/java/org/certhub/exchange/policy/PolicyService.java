package org.certhub.exchange.policy;

import java.time.Clock;
import java.time.Instant;
import org.certhub.exchange.department.Department;
import org.certhub.exchange.department.Role;
import org.certhub.exchange.matter.Matter;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.signer.licence.LicenceType;
import org.springframework.stereotype.Service;

/**
 * Decides whether a department may pull or check a licence type for a matter. Deny by default: the request
 * goes ahead only when every rule below holds, checked in this order, and the first that fails is named.
 *
 * <ol>
 *   <li>{@code department.role}: the department holds the pull role;
 *   <li>{@code matter.handler}: the department handles the matter;
 *   <li>{@code matter.licence_types}: the matter needs this licence type as proof;
 *   <li>{@code matter.check_suffices}: (pulls only) the matter does not say a yes/no check is enough;
 *   <li>{@code policy.grant}: a sharing grant exists for (department, type, matter);
 *   <li>{@code policy.expired}: that grant has not lapsed.
 * </ol>
 *
 * Consent ({@code consent.required}) depends on the holder and is checked by the pull itself.
 */
@Service
public class PolicyService {
  /** What the department wants to do with the licence. */
  public enum Use {
    /** Receive the granted fields' values. */
    PULL,
    /** Receive only yes/no answers about them. */
    CHECK
  }

  private final PolicyRepository policies;
  private final Clock clock;

  public PolicyService(PolicyRepository policies, Clock clock) {
    this.policies = policies;
    this.clock = clock;
  }

  /** Decides a pull; never throws for a refusal, so the caller can record it first. */
  public Decision decide(Department consumer, LicenceType type, Matter matter) {
    return decide(consumer, type, matter, Use.PULL);
  }

  /** Decides a pull or a check; never throws for a refusal, so the caller can record it first. */
  public Decision decide(Department consumer, LicenceType type, Matter matter, Use use) {
    if (!consumer.has(Role.PULL)) {
      return new Decision.Refused(
          ErrorCode.ROLE_MISSING, "department.role", "department " + consumer.code() + " does not hold the pull role");
    }
    if (!matter.handlers().contains(consumer.code())) {
      return new Decision.Refused(
          ErrorCode.POLICY_DENIED,
          "matter.handler",
          "department " + consumer.code() + " does not handle matter " + matter.code());
    }
    if (!matter.licenceTypes().contains(type.code())) {
      return new Decision.Refused(
          ErrorCode.POLICY_DENIED,
          "matter.licence_types",
          "matter " + matter.code() + " does not need licence type " + type.code());
    }
    if (use == Use.PULL && matter.checkSuffices()) {
      return new Decision.Refused(
          ErrorCode.POLICY_DENIED,
          "matter.check_suffices",
          "matter " + matter.code() + " needs only a yes/no answer: use POST /api/v1/checks, which returns no values");
    }
    Policy policy = policies.find(consumer.code(), type.code(), matter.code()).orElse(null);
    if (policy == null) {
      return new Decision.Refused(
          ErrorCode.POLICY_DENIED,
          "policy.grant",
          "no sharing policy grants department " + consumer.code() + " licence type " + type.code() + " for matter " + matter.code());
    }
    Instant now = clock.instant();
    if (policy.expiredAt(now)) {
      return new Decision.Refused(
          ErrorCode.POLICY_DENIED, "policy.expired", "sharing policy " + policy.id() + " lapsed at " + policy.validUntil());
    }
    return new Decision.Granted(policy);
  }
}
