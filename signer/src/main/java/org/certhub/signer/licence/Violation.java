package org.certhub.signer.licence;

import java.util.Objects;

/**
 * One way a licence breaks its type's rules.
 *
 * @param path where, as a dotted path into the licence JSON (e.g. {@code licence.fields.registeredCapital})
 * @param message what is wrong: expected and actual
 */
public record Violation(String path, String message) {
  public Violation {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
