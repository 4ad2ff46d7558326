package org.certhub.signer.licence;

import java.util.List;
import java.util.Objects;

/**
 * One field of a licence type (GB/T 36902 证照目录: 信息项).
 *
 * @param name the field's key in {@code licence.fields}, e.g. {@code registeredCapital}
 * @param label the name people read, e.g. 注册资本
 * @param type its value type
 * @param required whether every licence of the type must carry it
 * @param sensitive whether it is personal or confidential data that sharing policies should grant only
 *     with a reason (and that QR presentations hide by default)
 * @param enumValues the allowed values for {@link FieldType#ENUM}, else empty
 */
public record FieldSpec(String name, String label, FieldType type, boolean required, boolean sensitive, List<String> enumValues) {
  public FieldSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(type, "type");
    enumValues = List.copyOf(enumValues == null ? List.of() : enumValues);
    if (!name.matches("[a-z][A-Za-z0-9]{0,63}")) {
      throw new IllegalArgumentException("name must be a lowerCamel identifier, but was: \"" + Licence.shorten(name) + "\"");
    }
    if ((type == FieldType.ENUM) == enumValues.isEmpty()) {
      throw new IllegalArgumentException("enumValues of field " + name + " must be non-empty exactly when its type is ENUM, but was: "
          + enumValues + " for " + type);
    }
  }
}
