package org.certhub.signer.httpsig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Stream;
import org.certhub.signer.httpsig.StructuredFields.Bytes;
import org.certhub.signer.httpsig.StructuredFields.InnerList;
import org.certhub.signer.httpsig.StructuredFields.Item;
import org.certhub.signer.httpsig.StructuredFields.Member;
import org.certhub.signer.httpsig.StructuredFields.Token;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StructuredFieldsTest {

  @Test
  void parseDictionary_innerListWithParameters() throws Exception {
    Map<String, Member> d = StructuredFields.parseDictionary("Signature-Input",
        "sig1=(\"@method\" \"content-digest\");created=1618884475;keyid=\"k\\\"1\";alg=\"ed25519\""
            + ", sig2=(\"@path\");expires=9");
    assertThat(d).containsOnlyKeys("sig1", "sig2");
    InnerList l = (InnerList) d.get("sig1");
    assertThat(l.items()).extracting(Item::value).containsExactly("@method", "content-digest");
    assertThat(l.params()).containsEntry("created", 1618884475L).containsEntry("keyid", "k\"1")
        .containsEntry("alg", "ed25519");
    assertThat(StructuredFields.serializeInnerList(l)).isEqualTo(
        "(\"@method\" \"content-digest\");created=1618884475;keyid=\"k\\\"1\";alg=\"ed25519\"");
  }

  @Test
  void parseDictionary_bareItemKinds() throws Exception {
    Map<String, Member> d = StructuredFields.parseDictionary("X",
        "a=:AQID:, b=tok/en:x, c=?0, d, e=-12.5;p, f=\"\"");
    assertThat(((Bytes) ((Item) d.get("a")).value()).value()).containsExactly(1, 2, 3);
    assertThat(((Item) d.get("b")).value()).isEqualTo(new Token("tok/en:x"));
    assertThat(((Item) d.get("c")).value()).isEqualTo(false);
    assertThat(((Item) d.get("d")).value()).isEqualTo(true);
    assertThat(((Item) d.get("e")).value()).isEqualTo(new BigDecimal("-12.5"));
    assertThat(((Item) d.get("e")).params()).containsEntry("p", true);
    assertThat(((Item) d.get("f")).value()).isEqualTo("");
  }

  @Test
  void parseDictionary_allowsOwsAroundCommaAndTrailingSpace() throws Exception {
    assertThat(StructuredFields.parseDictionary("X", "  a=1 ,\tb=2  ")).containsOnlyKeys("a", "b");
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("", 0, "dictionary member"),
        Arguments.of("Sig1=(\"@method\")", 0, "key starting with a-z"),
        Arguments.of("sig1=(\"@method\"", 15, "' ' or ')'"),
        Arguments.of("sig1=(\"@method\")x", 16, "','"),
        Arguments.of("sig1=(\"@method\"),", 17, "member after ','"),
        Arguments.of("sig1=(\"@method\");created=abc(", 28, "','"),
        Arguments.of("sig1=(\"@method\");created=1234567890123456", 25, "at most 15 digits"),
        Arguments.of("sig1=(\"@me\\thod\")", 10, "escapes"),
        Arguments.of("sig1=(\"@method\" @path)", 16, "expected an item"),
        Arguments.of("sig1=(\"@method\"\"@path\")", 15, "' ' or ')'"),
        Arguments.of("sig1=:AQ$D:", 8, "base64"),
        Arguments.of("sig1=:AQID", 10, "':' to close"),
        Arguments.of("sig1=?2", 6, "'1' or '0'"),
        Arguments.of("sig1=(\"a\"), sig1=(\"b\")", 12, "duplicate dictionary key"),
        Arguments.of("sig1=(\"a\");keyid=\"x\";keyid=\"y\"", 21, "duplicate parameter"),
        Arguments.of("sig1=1.2345", 5, "decimal"),
        Arguments.of("sig1=\"unterminated", 18, "'\"' to close"));
  }

  @ParameterizedTest(name = "{0} -> offset {1}")
  @MethodSource("malformed")
  void parseDictionary_malformed_namesHeaderAndOffset(String input, int offset, String hint) {
    assertThatThrownBy(() -> StructuredFields.parseDictionary("Signature-Input", input))
        .isInstanceOfSatisfying(StructuredFieldException.class, e -> {
          assertThat(e.header()).isEqualTo("Signature-Input");
          assertThat(e.offset()).isEqualTo(offset);
          assertThat(e.getMessage()).startsWith("Signature-Input at offset " + offset + ": ")
              .contains(hint);
        });
  }

  @Test
  void parseDictionary_nonAsciiInString_isRefused() {
    assertThatThrownBy(() -> StructuredFields.parseDictionary("Signature-Input",
        "sig1=(\"caf\u00e9\")"))
        .isInstanceOf(StructuredFieldException.class)
        .hasMessageContaining("offset 10").hasMessageContaining("printable ASCII");
  }

  @Test
  void parseDictionary_oversized_isRefused() {
    String big = "a=\"" + "x".repeat(StructuredFields.MAX_FIELD_LENGTH) + "\"";
    assertThatThrownBy(() -> StructuredFields.parseDictionary("Signature", big))
        .isInstanceOf(StructuredFieldException.class).hasMessageContaining("at most");
  }

  @Test
  void serializeDictionary_roundTrips() throws Exception {
    String s = "a=:AQID:, b=(\"x\" \"y\");n=1, c";
    assertThat(StructuredFields.serializeDictionary(StructuredFields.parseDictionary("X", s)))
        .isEqualTo(s);
  }
}
