package org.certhub.exchange.policy;

import java.util.Objects;
import org.certhub.exchange.web.ErrorCode;
import org.certhub.exchange.web.ProblemException;

/** The outcome of a sharing decision: a grant, or a refusal that names the rule. */
public sealed interface Decision {

  /** The pull may go ahead, limited to the policy's fields. */
  record Granted(Policy policy) implements Decision {
    public Granted {
      Objects.requireNonNull(policy, "policy");
    }
  }

  /**
   * The pull is refused.
   *
   * @param code the API error code
   * @param rule the rule that refused, e.g. {@code policy.grant}
   * @param detail what is wrong, for people
   */
  record Refused(ErrorCode code, String rule, String detail) implements Decision {
    public Refused {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(detail, "detail");
    }

    /** The refusal as the API reports it. */
    public ProblemException toProblem() {
      return ProblemException.denied(code, rule, detail);
    }
  }
}
