package org.certhub.signer.licence;

import java.util.Objects;

/**
 * The holder (持证主体) of a licence.
 *
 * <p>{@link #toString()} masks the identifier (first 2 and last 2 characters kept), so a holder can
 * be logged without leaking a citizen ID number.
 *
 * @param id the holder's identifier (持证主体代码): ID-card number, USCC, …; not blank
 * @param idType the identifier type code per GB/T 36903 (持证主体代码类型), e.g. {@link #CITIZEN_ID}
 *     {@code "111"} or {@link #USCC} {@code "001"}; not blank
 * @param name the holder's name (持证主体); not blank
 */
public record Holder(String id, String idType, String name) {

  /** GB/T 36903 holder-ID type: resident identity card number (居民身份证号码). */
  public static final String CITIZEN_ID = "111";

  /** GB/T 36903 holder-ID type: unified social credit code (统一社会信用代码). */
  public static final String USCC = "001";

  /** Rejects null or blank components. */
  public Holder {
    requireNonBlank(id, "id");
    requireNonBlank(idType, "idType");
    requireNonBlank(name, "name");
  }

  private static void requireNonBlank(String v, String name) {
    Objects.requireNonNull(v, name);
    if (v.isBlank()) {
      throw new IllegalArgumentException(name + " must be non-blank, but was: \"" + v + "\"");
    }
  }

  /**
   * Returns the identifier with all but its first 2 and last 2 characters masked.
   *
   * @return e.g. {@code "11**************34"}
   */
  public String maskedId() {
    if (id.length() <= 4) {
      return "*".repeat(id.length());
    }
    return id.substring(0, 2) + "*".repeat(id.length() - 4) + id.substring(id.length() - 2);
  }

  @Override
  public String toString() {
    return "Holder[id=" + maskedId() + ", idType=" + idType + ", name=" + name + "]";
  }
}
