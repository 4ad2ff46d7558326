package org.certhub.exchange.department;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/whoami}: the department the mTLS client certificate is registered to, and its roles.
 * Any registered department may call it; without a certificate it is 401 like the rest of the API. It
 * touches no policy, signer or ledger, which makes it the HTTP ceiling the pull load test compares with
 * (docs/benchmarks.md), and lets an operator check which identity a client key maps to.
 */
@RestController
class WhoAmIController {

  /**
   * The answer.
   *
   * @param department the caller's department code (USCC)
   * @param roles its roles, in {@link Role} declaration order
   */
  record WhoAmI(String department, String name, List<String> roles) {}

  @GetMapping(value = "/api/v1/whoami", produces = MediaType.APPLICATION_JSON_VALUE)
  WhoAmI whoami(Caller caller) {
    List<String> roles = new ArrayList<>();
    Department department = caller.department();
    if (!department.roles().isEmpty()) {
      for (Role role : EnumSet.copyOf(department.roles())) {
        roles.add(role.name());
      }
    }
    return new WhoAmI(caller.code(), department.name(), List.copyOf(roles));
  }
}
