package org.certhub.signer.qr;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.certhub.signer.licence.FieldSpec;
import org.certhub.signer.licence.LicenceType;

/**
 * A licence type as a QR verifier needs it: its code, its name and its fields in catalogue order. A
 * presentation names fields by their index in this list, so the list is append-only: a field keeps its
 * index for as long as the type exists.
 *
 * @param code the type code, e.g. {@code 11100000MB0143028R001}
 * @param name the type's name, e.g. 营业执照
 * @param fields the fields in catalogue order; names unique
 */
public record TrustedType(String code, String name, List<Field> fields) {

  /**
   * One field of the type.
   *
   * @param name the field's key in the licence, e.g. {@code registeredCapital}
   * @param label the name people read, e.g. 注册资本（万元）
   */
  public record Field(String name, String label) {
    /** Rejects nulls and a blank name. */
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(label, "label");
      if (name.isBlank()) {
        throw new IllegalArgumentException("field name must be non-blank, but was blank");
      }
    }
  }

  /** Rejects nulls, blank code or name, and repeated field names; copies the fields. */
  public TrustedType {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    if (code.isBlank() || name.isBlank()) {
      throw new IllegalArgumentException("code and name must be non-blank, but were: \"" + code + "\", \"" + name + "\"");
    }
    fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
    Set<String> seen = new HashSet<>();
    for (Field f : fields) {
      if (!seen.add(f.name())) {
        throw new IllegalArgumentException("fields of type " + code + " must have unique names, but " + f.name() + " repeats");
      }
    }
  }

  /**
   * The verifier's view of a catalogue type.
   *
   * @param type a type of the catalogue
   * @return its code, name and fields (name and label) in order
   */
  public static TrustedType of(LicenceType type) {
    return new TrustedType(type.code(), type.name(),
        type.fields().stream().map((FieldSpec f) -> new Field(f.name(), f.label())).toList());
  }

  /**
   * The index of a field.
   *
   * @param fieldName a field name
   * @return its index in {@link #fields()}, or -1 if the type has no such field
   */
  public int indexOf(String fieldName) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(fieldName)) {
        return i;
      }
    }
    return -1;
  }
}
