package org.certhub.exchange.qr;

import java.time.Instant;
import java.util.List;

/**
 * What a counter learns from a QR presentation.
 *
 * @param verdict {@code valid}, {@code expired}, {@code not_yet_valid}, {@code revoked}, {@code superseded},
 *     {@code forged}, {@code unknown_issuer}, {@code malformed} or {@code unreadable}
 * @param reason the reason in plain words (English; the pages translate the verdict)
 * @param licence what the presentation proves about the licence; null when it could not be verified
 * @param fields the disclosed fields in catalogue order; empty when not verified
 * @param issuedAt when the presentation was made, or null
 * @param expiresAt when the presentation stops being acceptable, or null
 * @param checkedAt when the hub checked it (the status is live as of this instant)
 */
public record Verdict(
    String verdict, String reason, Licence licence, List<Field> fields, Instant issuedAt, Instant expiresAt, Instant checkedAt) {

  public Verdict {
    fields = List.copyOf(fields);
  }

  /** A presentation that proves nothing, for {@code reason}. */
  static Verdict refused(String verdict, String reason, Instant checkedAt) {
    return new Verdict(verdict, reason, null, List.of(), null, null, checkedAt);
  }

  public boolean valid() {
    return "valid".equals(verdict);
  }

  /**
   * The licence as the presentation shows it.
   *
   * @param id the licence identifier
   * @param typeCode licence type code
   * @param typeName licence type name from the catalogue (the code when unknown)
   * @param holderName the holder's name as signed
   * @param issuerCode the issuing department's code
   * @param issuerName its name (the code when unknown)
   * @param status the licence's live status at the hub ({@code valid}, {@code revoked}, {@code superseded},
   *     {@code expired}) or {@code unknown} when the hub does not hold it
   */
  public record Licence(String id, String typeCode, String typeName, String holderName, String issuerCode, String issuerName, String status) {}

  /** A disclosed field with the label people read. */
  public record Field(String name, String label, String value) {}
}
