package org.certhub.exchange.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ledger entry encoding of an {@link Access}: RFC 8785 canonical JSON, so the leaf hash does not depend
 * on any serialiser's whitespace or member order. Version 1 members: v, time, action, department, holder,
 * licenceType, licenceId, matter, outcome, rule, requestId, and (added later, still v 1 since they are
 * optional) certificate, officer, purpose, fields (array), requestDigest, consent, signature; absent members are omitted.
 */
final class Entries {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Entries() {}

  static byte[] encode(Access a, Instant time) {
    ObjectNode n = JSON.createObjectNode();
    n.put("v", 1);
    n.put("time", time.toString());
    n.put("action", a.action());
    n.put("department", a.department());
    putIfPresent(n, "holder", a.holder());
    putIfPresent(n, "licenceType", a.licenceType());
    putIfPresent(n, "licenceId", a.licenceId());
    putIfPresent(n, "matter", a.matter());
    n.put("outcome", a.outcome());
    putIfPresent(n, "rule", a.rule());
    n.put("requestId", a.requestId());
    putIfPresent(n, "certificate", a.certificate());
    putIfPresent(n, "officer", a.officer());
    putIfPresent(n, "purpose", a.purpose());
    if (a.fields() != null) {
      var arr = n.putArray("fields");
      a.fields().forEach(arr::add);
    }
    putIfPresent(n, "requestDigest", a.requestDigest());
    putIfPresent(n, "consent", a.consent());
    putIfPresent(n, "signature", a.signature());
    try {
      return org.certhub.signer.json.Jcs.canonicalize(n).getBytes(StandardCharsets.UTF_8);
    } catch (org.certhub.signer.json.JsonSignatureFormatException e) {
      throw new IllegalStateException("canonicalising our own JSON failed", e);
    }
  }

  /** A decoded entry; throws IllegalArgumentException naming the member when the entry is not ours. */
  static Decoded decode(byte[] entry) {
    JsonNode n;
    try {
      n = JSON.readTree(new String(entry, StandardCharsets.UTF_8));
    } catch (JacksonException e) {
      throw new IllegalArgumentException("ledger entry is not JSON", e);
    }
    if (n.path("v").asInt(0) != 1) {
      throw new IllegalArgumentException("ledger entry member v must be 1, but was: " + n.path("v"));
    }
    Access a =
        new Access(
            text(n, "action"),
            text(n, "department"),
            optional(n, "holder"),
            optional(n, "licenceType"),
            optional(n, "licenceId"),
            optional(n, "matter"),
            text(n, "outcome"),
            optional(n, "rule"),
            text(n, "requestId"),
            optional(n, "certificate"),
            optional(n, "officer"),
            optional(n, "purpose"),
            fields(n),
            optional(n, "requestDigest"),
            optional(n, "consent"),
            optional(n, "signature"));
    return new Decoded(a, Instant.parse(text(n, "time")));
  }

  record Decoded(Access access, Instant time) {}

  private static java.util.List<String> fields(JsonNode n) {
    JsonNode v = n.get("fields");
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException("ledger entry member fields must be an array");
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    v.forEach(f -> out.add(f.asString()));
    return out;
  }

  private static void putIfPresent(ObjectNode n, String name, String value) {
    if (value != null) {
      n.put(name, value);
    }
  }

  private static String text(JsonNode n, String name) {
    String v = optional(n, name);
    if (v == null) {
      throw new IllegalArgumentException("ledger entry member " + name + " is required");
    }
    return v;
  }

  private static String optional(JsonNode n, String name) {
    JsonNode v = n.get(name);
    return v == null || v.isNull() ? null : v.asString();
  }
}
