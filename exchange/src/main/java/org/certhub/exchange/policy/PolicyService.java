package org.certhub.exchange.policy;

import org.certhub.signer.licence.LicenceType;
import org.certhub.exchange.department.Department;
import org.certhub.exchange.department.Role;
import org.certhub.exchange.matter.Matter;
import org.certhub.exchange.web.ErrorCode;
import org.springframework.stereotype.Service;

/**
 * Decides whether a department may pull a licence type for a matter. Deny by default: a pull goes ahead
 * only when every rule below holds, checked in this order, and the first that fails is named.
 *
 * <ol>
 *   <li>{@code department.role}: the department holds the pull role;
 *   <li>{@code matter.handler}: the department handles the matter;
 *   <li>{@code matter.licence_types}: the matter needs this licence type as proof;
 *   <li>{@code policy.grant}: a sharing grant exists for (department, type, matter).
 * </ol>
 */
@Service
public class PolicyService {
  private final PolicyRepository policies;

  public PolicyService(PolicyRepository policies) {
    this.policies = policies;
  }

  /** Decides a pull; never throws for a refusal, so the caller can record it first. */
  public Decision decide(Department consumer, LicenceType type, Matter matter) {
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
    return policies
        .find(consumer.code(), type.code(), matter.code())
        .<Decision>map(Decision.Granted::new)
        .orElseGet(
            () ->
                new Decision.Refused(
                    ErrorCode.POLICY_DENIED,
                    "policy.grant",
                    "no sharing policy grants department "
                        + consumer.code()
                        + " licence type "
                        + type.code()
                        + " for matter "
                        + matter.code()));
  }
}
