package org.certhub.signer.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The direct tree writer gives exactly what the text path (java-json-canonicalization) gives, on generated trees. */
class JcsTreeTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  @Test
  void generatedTrees_treeAndTextPathsAgreeByteForByte() throws Exception {
    Random r = new Random(8785);
    for (int i = 0; i < 2_000; i++) {
      ObjectNode tree = F.objectNode();
      for (int k = r.nextInt(6); k >= 0; k--) {
        tree.set(string(r), node(r, 1));
      }
      String viaText = Jcs.canonicalize(Jcs.mapper().writeValueAsString(tree));
      assertThat(Jcs.canonicalize(tree)).as(tree.toString()).isEqualTo(viaText);
    }
  }

  @Test
  void rfc8785_orderingAndEscapes() throws Exception {
    ObjectNode n = F.objectNode();
    n.put("\u20ac", "Euro Sign");
    n.put("\r", "Carriage Return");
    n.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
    n.put("1", "One");
    n.put("\ud83d\ude00", "Emoji: Grinning Face");
    n.put("\u0080", "Control\u007f");
    n.put("\u00f6", "Latin Small Letter O With Diaeresis");
    // RFC 8785 §3.2.3 sorting example: members sorted by UTF-16 code units.
    assertThat(Jcs.canonicalize(n)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\u007f\","
        + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\","
        + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    assertThat(Jcs.canonicalize(F.objectNode().put("a", "\u0001\"\\\b\f\n\t"))).isEqualTo("{\"a\":\"\\u0001\\\"\\\\\\b\\f\\n\\t\"}");
  }

  @Test
  void fractionsAndHugeIntegers_fallBackToTheTextPath() throws Exception {
    ObjectNode n = F.objectNode().put("f", 1.5e300).put("i", 9007199254740993L).put("s", 100);
    assertThat(Jcs.canonicalize(n)).isEqualTo(Jcs.canonicalize(Jcs.mapper().writeValueAsString(n)));
  }

  private static JsonNode node(Random r, int depth) {
    int kind = depth > 3 ? 2 + r.nextInt(4) : r.nextInt(6);
    switch (kind) {
      case 0: {
        ObjectNode o = F.objectNode();
        for (int i = r.nextInt(5); i > 0; i--) {
          o.set(string(r), node(r, depth + 1));
        }
        return o;
      }
      case 1: {
        ArrayNode a = F.arrayNode();
        for (int i = r.nextInt(5); i > 0; i--) {
          a.add(node(r, depth + 1));
        }
        return a;
      }
      case 2:
        return F.textNode(string(r));
      case 3:
        return F.numberNode(r.nextInt(3) == 0 ? r.nextLong() % (1L << 53) : r.nextInt(1000) - 500);
      case 4:
        return F.booleanNode(r.nextBoolean());
      default:
        return F.nullNode();
    }
  }

  private static String string(Random r) {
    String pool = "aZ09 \"\\/\b\f\n\r\t\u0000\u0001\u001f\u007f\u0080\u00e9\u4e2d\u6587\u20ac\ufb33";
    StringBuilder sb = new StringBuilder();
    for (int i = r.nextInt(8); i > 0; i--) {
      if (r.nextInt(10) == 0) {
        sb.append("\ud83d\ude00");
      } else {
        sb.append(pool.charAt(r.nextInt(pool.length())));
      }
    }
    return sb.toString();
  }
}
