package org.certhub.exchange.audit;

import java.util.Objects;

/**
 * Who the ledger is: its origin line and the checkpoint verifier key in C2SP vkey form ({@code
 * <name>+<key id hex>+<base64 type byte and key>}), which outsiders pin to verify checkpoints.
 */
public record LedgerIdentity(String origin, String verifierKey) {
  public LedgerIdentity {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(verifierKey, "verifierKey");
  }
}
