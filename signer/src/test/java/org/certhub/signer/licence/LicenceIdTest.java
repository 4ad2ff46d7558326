package org.certhub.signer.licence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LicenceIdTest {

  /** FORMATS.md §2: identifier seen in the wild; its check character U matches our MOD 37,36. */
  private static final String REAL = "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U";

  @Test
  void parse_realWorldIdentifier_checkCharacterMatches() throws Exception {
    LicenceId id = LicenceId.parse(REAL);
    assertThat(id.typeCode()).isEqualTo("11100000000013338W011");
    assertThat(id.issuerCode()).isEqualTo("11430000006122244L");
    assertThat(id.serial()).isEqualTo("20230000403");
    assertThat(id.version()).isEqualTo(1);
    assertThat(id.check()).isEqualTo('U');
    assertThat(id.toString()).isEqualTo(REAL);
    assertThat(LicenceId.of("11100000000013338W011", "11430000006122244L", "20230000403", 1)).isEqualTo(id);
  }

  /** ISO/IEC 7064 MOD 37,36 examples (as used in the xbib standardnumber MOD3736 tests). */
  @ParameterizedTest
  @CsvSource({"A12425GABC1234002, M", "B159D8FA01240000, K", "188166C734200000, 3"})
  void checkCharacter_iso7064Examples_match(String data, char check) {
    assertThat(LicenceId.checkCharacter(data)).isEqualTo(check);
  }

  /**
   * Worked by hand with ISO/IEC 7064 MOD 37,36 (hybrid system, M = 36): start with P = 36; for each
   * character of value a: S = (P + a) mod 36 (0 counts as 36), P = 2S mod 37; the check character c makes
   * (P + c) mod 36 = 1, so c = (37 - P) mod 36.
   *
   * <pre>
   * "A1B": A=10: S=46 mod 36=10, P=20 | 1: S=21, P=42 mod 37=5 | B=11: S=16, P=32 | c=(37-32)=5  → '5'
   * "Z9":  Z=35: S=71 mod 36=35, P=70 mod 37=33 | 9: S=42 mod 36=6, P=12 | c=25 → 'P'
   * "0":   0: S=36 mod 36=0 → 36, P=72 mod 37=35 | c=2 → '2'
   * </pre>
   *
   * Check: (32+5), (12+25) and (35+2) are each 1 mod 36.
   */
  @ParameterizedTest
  @CsvSource({"A1B, 5", "Z9, P", "0, 2"})
  void checkCharacter_handComputedVectors_match(String data, char check) {
    assertThat(LicenceId.checkCharacter(data)).isEqualTo(check);
  }

  @Test
  void parse_anySingleCharacterChange_rejected() {
    String body = REAL.substring(0, REAL.length() - 1);
    for (int i = "1.2.156.3005.2.".length(); i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '.') {
        continue;
      }
      char other = c == '9' ? '8' : (c == 'Z' ? 'Y' : (char) (c + 1));
      String tampered = body.substring(0, i) + other + body.substring(i + 1) + "U";
      assertThatThrownBy(() -> LicenceId.parse(tampered)).as(tampered).isInstanceOf(LicenceFormatException.class);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1.2.156.3005.3.A.B.C.001.X|licence.id must start with 1.2.156.3005.2, but was: 1.2.156.3005.3.A.B.C.001.X",
      "1.2.156.3005.2.A.B.001.X|licence.id must have 5 parts after 1.2.156.3005.2 (typeCode.issuerCode.serial.version.check), but was: 4",
      "1.2.156.3005.2.a.B.C.001.X|licence.id.typeCode must match [0-9A-Z]+, but was: \"a\"",
      "1.2.156.3005.2.A..C.001.X|licence.id.issuerCode must match [0-9A-Z]+, but was: \"\"",
      "1.2.156.3005.2.A.B.C-1.001.X|licence.id.serial must match [0-9A-Z]+, but was: \"C-1\"",
      "1.2.156.3005.2.A.B.C.1.X|licence.id.version must be 3 digits from 001 to 999, but was: \"1\"",
      "1.2.156.3005.2.A.B.C.000.X|licence.id.version must be 3 digits from 001 to 999, but was: \"000\"",
      "1.2.156.3005.2.A.B.C.001.XY|licence.id.check must be one character of [0-9A-Z], but was: \"XY\"",
      "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.V|licence.id.check must be U (ISO/IEC 7064 MOD 37,36), but was: V"})
  void parse_malformed_throwsPreciseMessage(String text, String message) {
    assertThatThrownBy(() -> LicenceId.parse(text)).isInstanceOf(LicenceFormatException.class).hasMessage(message);
  }

  @Test
  void randomSerial_twentyCharsFromAlphabet_andUsable() {
    String s = LicenceId.randomSerial();
    assertThat(s).hasSize(20).matches("[0-9A-Z]{20}");
    assertThat(LicenceId.randomSerial()).isNotEqualTo(s);
    LicenceId id = LicenceId.of("11100000000013338W011", "11430000006122244L", s, 2);
    assertThat(id.toString()).contains("." + s + ".002.");
  }

  @Test
  void constructor_wrongCheck_throws() {
    assertThatThrownBy(() -> new LicenceId("11100000000013338W011", "11430000006122244L", "20230000403", 1, 'A'))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("check must be U, but was: A");
  }

  @Test
  void holderToString_masksId() {
    Holder h = new Holder("430102199001011234", Holder.CITIZEN_ID, "张三");
    assertThat(h.toString()).isEqualTo("Holder[id=43**************34, idType=111, name=张三]");
    assertThatThrownBy(() -> new Holder(" ", "111", "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("id must be non-blank, but was: \" \"");
  }
}
