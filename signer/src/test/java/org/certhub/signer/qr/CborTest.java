package org.certhub.signer.qr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CborTest {

  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h.replace(" ", ""));
  }

  @Test
  void encodesRfc8949AppendixAExamples() {
    assertThat(Cbor.encode(0L)).isEqualTo(hex("00"));
    assertThat(Cbor.encode(23L)).isEqualTo(hex("17"));
    assertThat(Cbor.encode(24L)).isEqualTo(hex("1818"));
    assertThat(Cbor.encode(1000L)).isEqualTo(hex("1903e8"));
    assertThat(Cbor.encode(1000000L)).isEqualTo(hex("1a000f4240"));
    assertThat(Cbor.encode(1000000000000L)).isEqualTo(hex("1b000000e8d4a51000"));
    assertThat(Cbor.encode(-1L)).isEqualTo(hex("20"));
    assertThat(Cbor.encode(-1000L)).isEqualTo(hex("3903e7"));
    assertThat(Cbor.encode("\u6c34")).isEqualTo(hex("63e6b0b4"));
    assertThat(Cbor.encode(List.of(1L, List.of(2L, 3L)))).isEqualTo(hex("8201820203"));
    assertThat(Cbor.encode(new Cbor.Tag(18, List.of()))).isEqualTo(hex("d280"));
  }

  @Test
  void mapKeysAreSortedBytewiseWhateverTheInsertionOrder() throws Exception {
    Map<Object, Object> a = new LinkedHashMap<>();
    a.put("b", 2L);
    a.put(-65537L, "x");
    a.put(10L, hex("01"));
    a.put("a", 1L);
    a.put(1L, List.of("z"));
    Map<Object, Object> b = new LinkedHashMap<>();
    b.put(1L, List.of("z"));
    b.put("a", 1L);
    b.put(10L, hex("01"));
    b.put(-65537L, "x");
    b.put("b", 2L);
    byte[] ea = Cbor.encode(a);
    assertThat(ea).isEqualTo(Cbor.encode(b));
    // 0x01 < 0x0a < 0x3a (-65537) < 0x61 ("a") < 0x62 ("b")
    assertThat(HexFormat.of().formatHex(ea)).startsWith("a5" + "01" + "81617a" + "0a" + "4101" + "3a00010000" + "6178");
    assertThat(Cbor.encode(Cbor.decode(ea))).isEqualTo(ea);
  }

  @Test
  void refusesDeepNesting() {
    byte[] deep = hex("81".repeat(9) + "00");
    assertThatThrownBy(() -> Cbor.decode(deep)).hasMessageContaining("at most 8 levels deep").hasMessageContaining("offset 9");
    assertThat(Cbor.encode(List.of(List.of()))).isEqualTo(hex("8180"));
  }

  @Test
  void refusesIndefiniteLengths() {
    assertThatThrownBy(() -> Cbor.decode(hex("9f01ff"))).hasMessageContaining("definite").hasMessageContaining("offset 0");
    assertThatThrownBy(() -> Cbor.decode(hex("5f4101ff"))).hasMessageContaining("definite");
    assertThatThrownBy(() -> Cbor.decode(hex("bfff"))).hasMessageContaining("definite");
  }

  @Test
  void refusesDuplicateAndUnsortedKeys() {
    assertThatThrownBy(() -> Cbor.decode(hex("a2 01 00 01 00"))).hasMessageContaining("duplicate key 1 at offset 3");
    assertThatThrownBy(() -> Cbor.decode(hex("a2 02 00 01 00"))).hasMessageContaining("sorted bytewise").hasMessageContaining("offset 3");
    assertThatThrownBy(() -> Cbor.decode(hex("a1 41 00 00"))).hasMessageContaining("map key must be an integer or a text string");
  }

  @Test
  void refusesTrailingBytes() {
    assertThatThrownBy(() -> Cbor.decode(hex("0000"))).hasMessageContaining("1 trailing bytes at offset 1");
  }

  @Test
  void refusesHugeLengthPrefixesWithoutAllocating() {
    // A byte string, an array and a map that claim 2^63-1 or 4 GiB entries in a 9-byte input.
    assertThatThrownBy(() -> Cbor.decode(hex("5b7fffffffffffffff"))).hasMessageContaining("remaining bytes");
    assertThatThrownBy(() -> Cbor.decode(hex("5affffffff"))).hasMessageContaining("remaining bytes");
    assertThatThrownBy(() -> Cbor.decode(hex("9bffffffffffffffff"))).hasMessageContaining("remaining bytes");
    assertThatThrownBy(() -> Cbor.decode(hex("baffffffff"))).hasMessageContaining("remaining bytes");
  }

  @Test
  void refusesNonDeterministicAndUnsupportedForms() {
    assertThatThrownBy(() -> Cbor.decode(hex("1817"))).hasMessageContaining("shortest form");
    assertThatThrownBy(() -> Cbor.decode(hex("190017"))).hasMessageContaining("shortest form");
    assertThatThrownBy(() -> Cbor.decode(hex("f93c00"))).hasMessageContaining("false, true or null");
    assertThatThrownBy(() -> Cbor.decode(hex("1c"))).hasMessageContaining("reserved");
    assertThatThrownBy(() -> Cbor.decode(hex("1bffffffffffffffff"))).hasMessageContaining("63 bits");
    assertThatThrownBy(() -> Cbor.decode(hex("62c328"))).hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> Cbor.decode(hex("1901"))).hasMessageContaining("truncated at offset 2");
    assertThatThrownBy(() -> Cbor.decode(new byte[4097])).hasMessageContaining("at most 4096 bytes");
  }

  @Test
  void refusesTooManyItems() {
    // 600 one-byte items in arrays of 20 (within depth and size, beyond the item budget).
    StringBuilder h = new StringBuilder("98 1e");
    for (int i = 0; i < 30; i++) {
      h.append("94").append("00".repeat(20));
    }
    assertThatThrownBy(() -> Cbor.decode(hex(h.toString()))).hasMessageContaining("at most 512 items");
  }
}
