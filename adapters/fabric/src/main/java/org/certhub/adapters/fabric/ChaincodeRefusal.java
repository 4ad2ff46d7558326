package org.certhub.adapters.fabric;

import java.io.IOException;

/**
 * The certhub chaincode refused a transaction with one of its stable codes (docs/fabric.md, Errors). Refusals are
 * deterministic (every endorser runs the same checks), so they are never retried. {@code ROOT_CONFLICT},
 * {@code INCONSISTENT} and {@code SIGNATURE_INVALID} on an anchor mean a forked or foreign log.
 */
public final class ChaincodeRefusal extends IOException {
  private final String code;

  ChaincodeRefusal(String function, String code, String detail, Throwable cause) {
    super("the Fabric channel refused " + function + ": " + code + " (" + detail + ")", cause);
    this.code = code;
  }

  /** The chaincode's error code, e.g. {@code ROOT_CONFLICT}. */
  public String code() {
    return code;
  }

  /** Whether the refusal means the hub's log forked or is not the registered one: never retry, alert. */
  public boolean forked() {
    return code.equals("ROOT_CONFLICT") || code.equals("INCONSISTENT") || code.equals("SIGNATURE_INVALID");
  }
}
