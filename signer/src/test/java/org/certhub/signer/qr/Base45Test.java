package org.certhub.signer.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Base45Test {

  /** RFC 9285 §4.3 and §4.4 examples (encodings of ASCII strings). */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "AB|BB8",
      "Hello!!|%69 VD92EX0",
      "base-45|UJCLQE7W581",
      "ietf!|QED8WEX0"})
  void rfc9285Vectors(String plain, String encoded) throws Exception {
    assertThat(Base45.encode(plain.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
    assertThat(new String(Base45.decode(encoded), StandardCharsets.US_ASCII)).isEqualTo(plain);
  }

  @Test
  void rfc9285DecodingExample() throws Exception {
    assertThat(Base45.decode("QED8WEX0")).isEqualTo("ietf!".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void roundTripsRandomBytes() throws Exception {
    Random r = new Random(9285);
    for (int i = 0; i < 2_000; i++) {
      byte[] b = new byte[r.nextInt(300)];
      r.nextBytes(b);
      String text = Base45.encode(b);
      assertThat(text.length()).isEqualTo(b.length / 2 * 3 + b.length % 2 * 2);
      assertThat(text.chars()).allMatch(c -> Base45.ALPHABET.indexOf(c) >= 0);
      assertThat(Base45.decode(text)).isEqualTo(b);
    }
  }

  @Test
  void refusesWhatNoEncoderWrites() {
    assertThatThrownBy(() -> Base45.decode("GGW")).hasMessageContaining("at most 65535, but was: 65536");
    assertThatThrownBy(() -> Base45.decode("::")).hasMessageContaining("at most 255");
    assertThatThrownBy(() -> Base45.decode("A")).hasMessageContaining("1 modulo 3");
    assertThatThrownBy(() -> Base45.decode("BB8a")).hasMessageContaining("1 modulo 3");
    assertThatThrownBy(() -> Base45.decode("bB8")).hasMessageContaining("character 0").hasMessageContaining("'b'");
    assertThatThrownBy(() -> Base45.decode("BB中")).hasMessageContaining("character 2").hasMessageContaining("U+4E2D");
  }
}
