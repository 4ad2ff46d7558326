package org.certhub.exchange.licence;

import java.util.Set;

/**
 * Holder identifier checks by GB/T 36903 identifier type: the unified social credit code (GB 32100-2015,
 * type {@code 001}) and the resident identity card number (GB 11643-1999, type {@code 111}), each with
 * its check character.
 */
public final class HolderIds {
  /** The identifier types this hub accepts. */
  public static final Set<String> TYPES = Set.of("001", "111");

  private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] USCC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String ID_CHECK = "10X98765432";

  private HolderIds() {}

  /** Whether {@code id} is a well-formed identifier of {@code type} with a correct check character. */
  public static boolean isValid(String type, String id) {
    return switch (type) {
      case "001" -> isUscc(id);
      case "111" -> isResidentId(id);
      // Passport, Hong Kong/Macao residents' permit, foreigner's permanent residence ID: no published check
      // digit we can verify, so the shape only.
      case "414" -> id != null && id.matches("[A-Z0-9]{5,17}");
      case "516" -> id != null && id.matches("[HM][0-9]{8,10}");
      case "553" -> id != null && id.matches("[A-Z0-9]{15}|9[0-9]{17}");
      default -> false;
    };
  }

  /** GB 32100: 18 characters from the 31-character set, weighted sum mod 31. */
  public static boolean isUscc(String id) {
    if (id == null || id.length() != 18) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      int v = USCC_CHARS.indexOf(id.charAt(i));
      if (v < 0) {
        return false;
      }
      sum += v * USCC_WEIGHTS[i];
    }
    int check = (31 - sum % 31) % 31;
    return id.charAt(17) == USCC_CHARS.charAt(check);
  }

  /** GB 11643: 17 digits and a check character from ISO 7064 MOD 11-2. */
  public static boolean isResidentId(String id) {
    if (id == null || !id.matches("[0-9]{17}[0-9X]")) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (id.charAt(i) - '0') * ID_WEIGHTS[i];
    }
    return id.charAt(17) == ID_CHECK.charAt(sum % 11);
  }
}
