package org.certhub.signer.licence;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An e-licence identifier per GB/T 36904-2018:
 * {@code 1.2.156.3005.2.<typeCode>.<issuerCode>.<serial>.<version>.<check>}.
 *
 * <p>The check character is ISO/IEC 7064 MOD 37,36 (hybrid system) over {@code typeCode + issuerCode
 * + serial + version} (version as three digits, without dots or root), with character values
 * {@code 0-9 → 0-9}, {@code A-Z → 10-35}: starting from {@code P = 36}, for each character {@code S =
 * (P + v) mod 36}, {@code S = 36} if zero, {@code P = 2S mod 37}; the check value is {@code (37 - P)
 * mod 36} (i.e. the value that makes the final {@code (P + c) mod 36 == 1}). This reproduces the
 * check character of the real-world identifier {@code
 * 1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U} and the ISO 7064 MOD
 * 37,36 examples {@code A12425GABC1234002M}, {@code B159D8FA01240000K}, {@code 188166C7342000003}.
 *
 * @param typeCode licence-type code (证照类型代码), e.g. the defining authority's USCC plus a 3-digit
 *     sequence; {@code [0-9A-Z]+}
 * @param issuerCode issuing-authority code (证照颁发机构代码), usually an 18-character USCC; {@code
 *     [0-9A-Z]+}
 * @param serial licence number chosen by the issuer; {@code [0-9A-Z]+}
 * @param version 1 to 999, written as three digits
 * @param check the MOD 37,36 check character; must match the other components
 */
public record LicenceId(String typeCode, String issuerCode, String serial, int version, char check) {

  /** The e-licence root OID arc. */
  public static final String ROOT = "1.2.156.3005.2";

  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final Pattern CODE = Pattern.compile("[0-9A-Z]+");
  private static final Pattern VERSION = Pattern.compile("[0-9]{3}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Validates the components and the check character. */
  public LicenceId {
    requireCode(typeCode, "typeCode");
    requireCode(issuerCode, "issuerCode");
    requireCode(serial, "serial");
    if (version < 1 || version > 999) {
      throw new IllegalArgumentException("version must be 1 to 999, but was: " + version);
    }
    char expected = checkCharacter(typeCode + issuerCode + serial + pad3(version));
    if (check != expected) {
      throw new IllegalArgumentException("check must be " + expected + ", but was: " + check);
    }
  }

  /**
   * Creates an identifier, computing its check character.
   *
   * @param typeCode licence-type code, {@code [0-9A-Z]+}
   * @param issuerCode issuing-authority code, {@code [0-9A-Z]+}
   * @param serial licence number, {@code [0-9A-Z]+}
   * @param version 1 to 999
   * @return the identifier
   * @throws IllegalArgumentException if a component is malformed
   */
  public static LicenceId of(String typeCode, String issuerCode, String serial, int version) {
    requireCode(typeCode, "typeCode");
    requireCode(issuerCode, "issuerCode");
    requireCode(serial, "serial");
    if (version < 1 || version > 999) {
      throw new IllegalArgumentException("version must be 1 to 999, but was: " + version);
    }
    return new LicenceId(typeCode, issuerCode, serial, version,
        checkCharacter(typeCode + issuerCode + serial + pad3(version)));
  }

  /**
   * Parses the dotted form.
   *
   * @param text e.g. {@code "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U"}
   * @return the identifier
   * @throws LicenceFormatException if the root, the number of parts, a part's characters, the
   *     version or the check character is wrong; the message names the part
   */
  public static LicenceId parse(String text) throws LicenceFormatException {
    Objects.requireNonNull(text, "text");
    String shown = text.length() > 120 ? text.substring(0, 120) + "…" : text;
    if (!text.startsWith(ROOT + ".")) {
      throw new LicenceFormatException(
          "licence.id must start with " + ROOT + ", but was: " + shown);
    }
    String[] parts = text.substring(ROOT.length() + 1).split("\\.", -1);
    if (parts.length != 5) {
      throw new LicenceFormatException(
          "licence.id must have 5 parts after " + ROOT
              + " (typeCode.issuerCode.serial.version.check), but was: " + parts.length);
    }
    String[] names = {"typeCode", "issuerCode", "serial"};
    for (int i = 0; i < 3; i++) {
      if (!CODE.matcher(parts[i]).matches()) {
        throw new LicenceFormatException(
            "licence.id." + names[i] + " must match [0-9A-Z]+, but was: \"" + parts[i] + "\"");
      }
    }
    if (!VERSION.matcher(parts[3]).matches() || parts[3].equals("000")) {
      throw new LicenceFormatException(
          "licence.id.version must be 3 digits from 001 to 999, but was: \"" + parts[3] + "\"");
    }
    if (parts[4].length() != 1 || ALPHABET.indexOf(parts[4].charAt(0)) < 0) {
      throw new LicenceFormatException(
          "licence.id.check must be one character of [0-9A-Z], but was: \"" + parts[4] + "\"");
    }
    char expected = checkCharacter(parts[0] + parts[1] + parts[2] + parts[3]);
    if (parts[4].charAt(0) != expected) {
      throw new LicenceFormatException(
          "licence.id.check must be " + expected + " (ISO/IEC 7064 MOD 37,36), but was: " + parts[4]);
    }
    return new LicenceId(parts[0], parts[1], parts[2], Integer.parseInt(parts[3]), expected);
  }

  /**
   * Returns a random 20-character serial from {@code [0-9A-Z]} (a {@link SecureRandom}), the form of
   * the Hubei guidance.
   *
   * @return a new serial
   */
  public static String randomSerial() {
    char[] c = new char[20];
    for (int i = 0; i < c.length; i++) {
      c[i] = ALPHABET.charAt(RANDOM.nextInt(36));
    }
    return new String(c);
  }

  /**
   * Computes the ISO/IEC 7064 MOD 37,36 check character.
   *
   * @param data characters from {@code [0-9A-Z]}, not empty
   * @return the check character from {@code [0-9A-Z]}
   */
  public static char checkCharacter(String data) {
    requireCode(data, "data");
    int p = 36;
    for (int i = 0; i < data.length(); i++) {
      int s = (p + ALPHABET.indexOf(data.charAt(i))) % 36;
      if (s == 0) {
        s = 36;
      }
      p = (2 * s) % 37;
    }
    return ALPHABET.charAt((37 - p) % 36);
  }

  private static void requireCode(String value, String name) {
    Objects.requireNonNull(value, name);
    if (!CODE.matcher(value).matches()) {
      throw new IllegalArgumentException(name + " must match [0-9A-Z]+, but was: \"" + value + "\"");
    }
  }

  /**
   * Returns the dotted form {@code 1.2.156.3005.2.<type>.<issuer>.<serial>.<vvv>.<check>}.
   *
   * @return the identifier text
   */
  @Override
  public String toString() {
    return ROOT + "." + typeCode + "." + issuerCode + "." + serial + "." + pad3(version)
        + "." + check;
  }

  /** {@code %03d} without a format parser: versions are 1 to 999. */
  private static String pad3(int v) {
    return v >= 100 || v < 0 ? Integer.toString(v) : v >= 10 ? "0" + v : "00" + v;
  }
}
