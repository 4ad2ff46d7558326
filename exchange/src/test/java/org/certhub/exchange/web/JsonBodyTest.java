package org.certhub.exchange.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JsonBodyTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static JsonBody body(String json) {
    return JsonBody.of(JSON.readTree(json));
  }

  @Test
  void of_array_isRefusedAtTheRoot() {
    assertThatThrownBy(() -> body("[1]"))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.field()).isEmpty())
        .hasMessage("the request body must be a JSON object");
  }

  @Test
  void string_missing_namesThePointer() {
    assertThatThrownBy(() -> body("{}").string("matter"))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.field()).isEqualTo("/matter"))
        .hasMessage("/matter is required");
  }

  @Test
  void string_number_saysWhatItWas() {
    assertThatThrownBy(() -> body("{\"holder\":{\"id\":7}}").object("holder").string("id"))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.field()).isEqualTo("/holder/id"))
        .hasMessage("/holder/id must be a string, but was: a number");
  }

  @Test
  void only_unknownMember_isRefusedWithItsEscapedPointer() {
    assertThatThrownBy(() -> body("{\"a/b\":1}").only(Set.of("holder")))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.field()).isEqualTo("/a~1b"))
        .hasMessageStartingWith("member 'a/b' is not allowed here");
  }

  @Test
  void optionalDate_malformed_isRefused() {
    assertThatThrownBy(() -> body("{\"validFrom\":\"2026-13-01\"}").optionalDate("validFrom"))
        .hasMessage("/validFrom must be a date yyyy-MM-dd, but was: 2026-13-01");
  }

  @Test
  void stringMap_keepsDocumentOrder() {
    assertThat(body("{\"f\":{\"b\":\"1\",\"a\":\"2\"}}").stringMap("f").keySet()).containsExactly("b", "a");
  }

  @Test
  void truncate_longControlText_isShortAndClean() {
    String s = JsonBody.truncate("x\n".repeat(100));
    assertThat(s).hasSize(64).doesNotContain("\n").endsWith("...");
  }
}
