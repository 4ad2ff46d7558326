package org.certhub.signer.licence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.certhub.signer.json.Jcs;
import org.certhub.signer.json.JsonSignatureFormatException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** A licence-type catalogue (GB/T 36902): types by code. JSON form: an array of {@link LicenceType#toJson()}. */
public final class LicenceTypes {
  private final Map<String, LicenceType> byCode;

  private LicenceTypes(Map<String, LicenceType> byCode) {
    this.byCode = byCode;
  }

  /**
   * A catalogue of these types.
   *
   * @throws IllegalArgumentException if two types share a code
   */
  public static LicenceTypes of(Collection<LicenceType> types) {
    Map<String, LicenceType> m = new LinkedHashMap<>();
    for (LicenceType t : types) {
      if (m.put(t.code(), t) != null) {
        throw new IllegalArgumentException("types must have unique codes, but " + t.code() + " repeats");
      }
    }
    return new LicenceTypes(m);
  }

  /** The type with this code. */
  public Optional<LicenceType> find(String code) {
    return Optional.ofNullable(byCode.get(code));
  }

  /** Every type, in catalogue order. */
  public List<LicenceType> all() {
    return List.copyOf(byCode.values());
  }

  /** The JSON array of the types. */
  public String toJson() {
    ArrayNode a = Jcs.mapper().createArrayNode();
    byCode.values().forEach(t -> a.add(t.toNode()));
    return Jcs.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(a);
  }

  /**
   * Parses the JSON array strictly.
   *
   * @throws LicenceFormatException naming the path of the first problem, e.g. {@code catalogue[2].fields[0].type}
   */
  public static LicenceTypes fromJson(String json) throws LicenceFormatException {
    JsonNode n;
    try {
      n = Jcs.parse(json, "catalogue");
    } catch (JsonSignatureFormatException e) {
      throw new LicenceFormatException(e.getMessage(), e);
    }
    if (!n.isArray()) {
      throw new LicenceFormatException("catalogue must be an array of licence types, but was: " + Licence.kind(n));
    }
    List<LicenceType> types = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      types.add(LicenceType.fromNode(n.get(i), "catalogue[" + i + "]"));
    }
    try {
      return of(types);
    } catch (IllegalArgumentException e) {
      throw new LicenceFormatException("catalogue is invalid: " + e.getMessage(), e);
    }
  }

  /**
   * The demo catalogue: business licence 营业执照, resident ID card 居民身份证, marriage certificate 结婚证,
   * driving licence 机动车驾驶证, food business licence 食品经营许可证, real-estate certificate 不动产权证书.
   */
  public static LicenceTypes demo() {
    try (InputStream in = LicenceTypes.class.getResourceAsStream("demo-catalogue.json")) {
      if (in == null) {
        throw new IllegalStateException("demo-catalogue.json is missing from the signer jar");
      }
      return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | LicenceFormatException e) {
      throw new IllegalStateException("the bundled demo catalogue is unreadable: " + e.getMessage(), e);
    }
  }
}
