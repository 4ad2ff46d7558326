package org.certhub.exchange.matter;

import java.util.Objects;
import java.util.Set;

/**
 * An administrative service matter (政务服务事项), the stated reason every pull is bound to.
 *
 * @param code the matter's code in the service catalogue
 * @param name its name, e.g. 税务登记
 * @param handlers codes of the departments that handle it
 * @param licenceTypes licence types the matter needs as proof (what may be pulled instead of paper)
 * @param legalBasis the law or regulation the matter rests on, or null
 * @param consentRequired whether every pull for it must rely on the holder's consent (授权)
 * @param checkSuffices whether a yes/no check answers what the matter needs: then pulls are refused and
 *     departments must use checks (data minimisation)
 */
public record Matter(
    String code, String name, Set<String> handlers, Set<String> licenceTypes, String legalBasis, boolean consentRequired,
    boolean checkSuffices) {
  public Matter {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    handlers = Set.copyOf(handlers);
    licenceTypes = Set.copyOf(licenceTypes);
  }

  /** A matter without legal basis that needs neither consent nor allows checks only. */
  public Matter(String code, String name, Set<String> handlers, Set<String> licenceTypes) {
    this(code, name, handlers, licenceTypes, null, false, false);
  }
}
