package org.certhub.exchange.department;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A government department (or an audit office) known to the hub.
 *
 * @param code the unified social credit code (统一社会信用代码, 18 characters) that identifies it
 * @param name its official name
 * @param roles what it may do through the API
 */
public record Department(String code, String name, Set<Role> roles) {
  public Department {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    if (!code.matches("[0-9A-Z]{18}")) {
      throw new IllegalArgumentException("department code must be an 18-character USCC, but was: " + code);
    }
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
  }

  /** Whether the department holds {@code role}. */
  public boolean has(Role role) {
    return roles.contains(role);
  }
}
