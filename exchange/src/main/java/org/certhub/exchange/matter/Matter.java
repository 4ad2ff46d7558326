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
 */
public record Matter(String code, String name, Set<String> handlers, Set<String> licenceTypes) {
  public Matter {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    handlers = Set.copyOf(handlers);
    licenceTypes = Set.copyOf(licenceTypes);
  }
}
