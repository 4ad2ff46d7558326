package org.certhub.signer.licence;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** The value type of a licence field. Values travel as strings; each type says which strings it takes. */
public enum FieldType {
  /** Free text, non-blank. */
  TEXT,
  /** An ISO 8601 calendar date, {@code yyyy-MM-dd}. */
  DATE,
  /** A plain decimal number such as {@code 100} or {@code 89.5} (no units, no grouping). */
  NUMBER,
  /** One of the field's {@code enumValues}. */
  ENUM,
  /** The digest of an image kept elsewhere (photo, signature): {@code sha256:<64 hex>} or {@code sm3:<64 hex>}. */
  IMAGE_DIGEST;

  /**
   * Checks a value.
   *
   * @param value the value, not null
   * @param enumValues the allowed values for {@link #ENUM}
   * @return what is wrong with it, or empty when it fits
   */
  public Optional<String> problem(String value, List<String> enumValues) {
    switch (this) {
      case TEXT -> {
        return value.isBlank() ? Optional.of("must be non-blank text, but was: \"" + value + "\"") : Optional.empty();
      }
      case DATE -> {
        try {
          LocalDate.parse(value);
          return Optional.empty();
        } catch (DateTimeParseException e) {
          return Optional.of("must be a date yyyy-MM-dd, but was: \"" + Licence.shorten(value) + "\"");
        }
      }
      case NUMBER -> {
        if (value.matches("-?[0-9]+(\\.[0-9]+)?")) {
          new BigDecimal(value);
          return Optional.empty();
        }
        return Optional.of("must be a decimal number such as 100 or 89.5, but was: \"" + Licence.shorten(value) + "\"");
      }
      case ENUM -> {
        return enumValues.contains(value)
            ? Optional.empty()
            : Optional.of("must be one of " + enumValues + ", but was: \"" + Licence.shorten(value) + "\"");
      }
      case IMAGE_DIGEST -> {
        return value.matches("(sha256|sm3):[0-9a-f]{64}")
            ? Optional.empty()
            : Optional.of("must be sha256:<64 hex> or sm3:<64 hex>, but was: \"" + Licence.shorten(value) + "\"");
      }
      default -> throw new IllegalStateException("unhandled field type " + this);
    }
  }
}
