package org.certhub.exchange.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class EntriesTest {
  private final Pseudonymiser pseudonyms = new Pseudonymiser(new SecretKeySpec(new byte[32], "HmacSHA256"));

  @Test
  void encode_isCanonicalJsonWithSortedMembersAndRoundTrips() {
    Access a = new Access("pull", "11330100MB23456780", pseudonyms.of("91350100M000100Y43"), "T", null, "M", "allowed", "p1", "r1");
    Instant t = Instant.parse("2026-11-22T10:00:00Z");
    String json = new String(Entries.encode(a, t), StandardCharsets.UTF_8);
    assertThat(json).startsWith("{\"action\":\"pull\",\"department\":\"11330100MB23456780\",\"holder\":\"hmac-sha256:");
    assertThat(json).doesNotContain("91350100M000100Y43").doesNotContain(" ").doesNotContain("licenceId");
    Entries.Decoded d = Entries.decode(Entries.encode(a, t));
    assertThat(d.access()).isEqualTo(a);
    assertThat(d.time()).isEqualTo(t);
  }

  @Test
  void access_plainHolderIdentifier_isRefused() {
    assertThatThrownBy(() -> new Access("pull", "D", "91350100M000100Y43", null, null, null, "allowed", null, "r"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("holder must be a pseudonym, never a plain identifier");
  }

  @Test
  void pseudonym_isKeyedAndStable() {
    Pseudonymiser other = new Pseudonymiser(new SecretKeySpec(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, "HmacSHA256"));
    assertThat(pseudonyms.of("X")).isEqualTo(pseudonyms.of("X")).isNotEqualTo(other.of("X")).hasSize(12 + 64);
    assertThat(Pseudonymiser.mask("91350100M000100Y43")).isEqualTo("91**************43");
  }

  @Test
  void decode_notOurs_namesTheProblem() {
    assertThatThrownBy(() -> Entries.decode("{\"v\":2}".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("ledger entry member v must be 1, but was: 2");
  }
}
