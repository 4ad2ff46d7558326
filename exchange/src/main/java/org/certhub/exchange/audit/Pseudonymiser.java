package org.certhub.exchange.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Turns a holder identifier into a keyed, non-reversible pseudonym ({@code hmac-sha256:<hex>}). Ledger
 * entries, the audit index and the licence index hold only this form, so a published tile or a database
 * dump does not reveal whose data was accessed; an auditor who knows the identifier can still find them.
 */
public final class Pseudonymiser {
  private final SecretKey key;

  public Pseudonymiser(SecretKey key) {
    this.key = Objects.requireNonNull(key, "key");
  }

  /** The pseudonym of a holder identifier. */
  public String of(String holderId) {
    Objects.requireNonNull(holderId, "holderId");
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(holderId.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available with the configured key", e);
    }
  }

  /** Masks an identifier for logs and messages: first and last two characters only. */
  public static String mask(String id) {
    if (id == null) {
      return "null";
    }
    if (id.length() <= 4) {
      return "****";
    }
    return id.substring(0, 2) + "*".repeat(id.length() - 4) + id.substring(id.length() - 2);
  }
}
